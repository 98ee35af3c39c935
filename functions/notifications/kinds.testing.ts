import { DateTime } from "luxon";
import { ZONE } from "./service";

export { pesos } from "./kinds";

/** Quiet hours around `now` in Manila: started an hour ago, end in an hour. */
export function quietEndFor(now: Date) {
  const local = DateTime.fromJSDate(now, { zone: ZONE });
  return {
    start: local.minus({ hours: 1 }).toFormat("HH:mm"),
    end: local.plus({ hours: 1 }).toFormat("HH:mm"),
  };
}
