import { type DocumentStatus, statusLabel } from "../../lib/documents";

const tone: Record<DocumentStatus, string> = {
  uploaded: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  processing: "bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  extracted: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  needs_password: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  failed: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200",
  confirmed: "bg-emerald-700 text-white dark:bg-emerald-500 dark:text-zinc-950",
};

export function DocumentStatusBadge(props: { status: DocumentStatus; class?: string }) {
  return (
    <span
      class={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ${tone[props.status]} ${props.class ?? ""}`}
    >
      {statusLabel[props.status]}
    </span>
  );
}
