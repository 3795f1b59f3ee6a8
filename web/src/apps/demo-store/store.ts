import "../../ui/theme.css";
import "./store.css";

/**
 * Variant choice without a page load, the way single-page shops do it: the URL changes through
 * the History API and the page's meta tags follow, so the chat widget reports the new SKU.
 */
function selectVariant(link: HTMLAnchorElement): void {
  const sku = link.dataset.sku ?? "";
  const set = (id: string, text: string) => {
    const element = document.getElementById(id);
    if (element) element.textContent = text;
  };
  set("sku", sku);
  set("price", link.dataset.price ?? "");
  const available = link.dataset.available !== "no";
  set("availability", available ? "In stock online" : "Sold out online");
  const input = document.getElementById("sku-input") as HTMLInputElement | null;
  if (input) input.value = sku;
  const add = document.querySelector<HTMLButtonElement>("button.add");
  if (add) add.disabled = !available;
  document.querySelector('meta[name="throughline:sku"]')?.setAttribute("content", sku);
  for (const other of document.querySelectorAll("a.variant")) other.removeAttribute("aria-current");
  link.setAttribute("aria-current", "true");
}

function variantFor(url: string): HTMLAnchorElement | null {
  const sku = new URL(url).searchParams.get("sku");
  return sku ? document.querySelector<HTMLAnchorElement>(`a.variant[data-sku="${CSS.escape(sku)}"]`) : null;
}

document.addEventListener("click", (event) => {
  const link = (event.target as Element | null)?.closest<HTMLAnchorElement>("a.variant");
  if (
    !link ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  event.preventDefault();
  selectVariant(link);
  history.pushState({ sku: link.dataset.sku }, "", link.href);
});

window.addEventListener("popstate", () => {
  const link = variantFor(location.href) ?? document.querySelector<HTMLAnchorElement>("a.variant");
  if (link) selectVariant(link);
});
