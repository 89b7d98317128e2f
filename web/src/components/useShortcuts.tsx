import { useEffect, useRef } from 'react';

/** Alt+<key> shortcuts for clerks (listed on the page with <Shortcuts>). */
export function useShortcuts(map: Record<string, () => void>) {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const fn = ref.current[e.key.toLowerCase()];
      if (fn) { e.preventDefault(); fn(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function Shortcuts({ items }: { items: [string, string][] }) {
  return (
    <p className="shortcuts" aria-label="Phím tắt">
      Phím tắt: {items.map(([k, label], i) => <span key={k}>{i ? ' · ' : ''}<kbd>{k}</kbd> {label}</span>)}
    </p>
  );
}
