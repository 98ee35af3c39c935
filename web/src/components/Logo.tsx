/** The FinTrack mark: a peso sign on an emerald tile (same drawing as public/icon.svg). */
export function LogoMark(props: { class?: string }) {
  return (
    <svg class={props.class ?? "size-8"} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="16" fill="#047857" />
      <path
        d="M24 48V16h10a9 9 0 0 1 0 18H24M18 23h28M18 29h28"
        fill="none"
        stroke="#fff"
        stroke-width="4.5"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

export function Logo(props: { class?: string }) {
  return (
    <span class={`inline-flex items-center gap-2 font-semibold tracking-tight ${props.class ?? ""}`}>
      <LogoMark class="size-8" />
      <span class="text-lg">FinTrack</span>
    </span>
  );
}
