// Links in long lists and tables: a plain <a href> that one document listener
// (useClientNavigation, in the root) turns into a client-side navigation, as a <Link> would be.
// A <Link> resolves its path against the route tree on every server render, about 25 µs each:
// the cockpit's figures spent 2.5 ms of a 10 ms page on it, a page of the project list 2 ms
// (ADR 014). Outside such lists, <Link> stays the rule.
import { useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

export function PlainLink({ to, ...props }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return <a href={to} data-client-nav="" {...props} />;
}

/** Client-side navigation for every PlainLink on the page (plain left clicks and Enter). */
export function useClientNavigation(): void {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-client-nav]") : null;
      if (!link || link.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`);
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
