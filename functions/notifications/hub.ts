import { EventEmitter } from "node:events";

/**
 * Tells open SSE streams that a member's notifications changed. The notifications function
 * is the only writer of notifications (and runs one replica, minScale 1), so an in-process
 * signal is enough; streams also re-check on a timer in case of more replicas.
 */
export class NotificationHub {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  changed(userIds: string[]) {
    for (const id of userIds) this.#emitter.emit(id);
  }

  subscribe(userId: string, onChange: () => void): () => void {
    this.#emitter.on(userId, onChange);
    return () => this.#emitter.off(userId, onChange);
  }
}
