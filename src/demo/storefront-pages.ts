import type { ProductInput } from "../connectors";
import type { Cart } from "./storefront-cart";
import { html, type SafeHtml } from "./lib/html";

export type StorefrontProduct = ProductInput;
type Variant = StorefrontProduct["variants"][number];

/** What every page needs around its content. */
export type PageShell = {
  title: string;
  /** The widget's public key; no widget on the page without one. */
  widgetKey?: string;
  /** A signed-in demo shopper: the identity the widget passes, signed on this server. */
  shopper?: { name: string; email: string; hash: string };
  assets: { script?: string; styles: string[] };
  cart?: Cart;
  meta?: { productId?: string; sku?: string };
  signInAs: { key: string; name: string }[];
};

const money = (amount: number) => `$${amount.toFixed(2)}`;
const CATEGORY_NAMES: Record<string, string> = {
  apparel: "Clothing",
  footwear: "Footwear",
  electronics: "Electronics",
  home: "Home",
  accessories: "Accessories",
  clearance: "Clearance",
};
export const categoryName = (category: string) => CATEGORY_NAMES[category] ?? category;
const variantLabel = (variant: Variant) => Object.values(variant.options ?? {}).join(" / ") || "Standard";
const productUrl = (id: string, sku?: string) =>
  `/demo/store/products/${encodeURIComponent(id)}${sku ? `?sku=${encodeURIComponent(sku)}` : ""}`;

export function layout(shell: PageShell, body: SafeHtml): SafeHtml {
  const count = shell.cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${shell.title} · Northwind Outfitters</title>
        ${shell.meta?.productId ? html`<meta name="throughline:product-id" content="${shell.meta.productId}" />` : ""}
        ${shell.meta?.sku ? html`<meta name="throughline:sku" content="${shell.meta.sku}" />` : ""}
        ${shell.cart ? html`<meta name="throughline:cart-id" content="${shell.cart.id}" />` : ""}
        ${shell.assets.styles.map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        ${shell.assets.script ? html`<script type="module" src="${shell.assets.script}"></script>` : ""}
        ${shell.widgetKey ? widgetTag(shell.widgetKey, shell.shopper) : ""}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/demo/store">Northwind Outfitters</a>
          <nav aria-label="Main">
            <a href="/demo/store">Shop</a>
            <a href="/demo/store/cart"
              >Cart <span class="cart-count" aria-label="${count} items">${count}</span></a
            >
          </nav>
        </header>
        <p class="demo-banner">
          A demo shop served by Throughline. Open the chat in the corner and ask about a product, an order or
          a store.
          ${shell.shopper ? html` Signed in as <strong>${shell.shopper.name}</strong> · <a href="/demo/store/sign-out">Sign out</a>` : signInLinks(shell.signInAs)}
        </p>
        <main id="main">${body}</main>
        <footer class="site-footer">
          Northwind Outfitters is a fictional retailer. Prices and stock are demo data.
        </footer>
      </body>
    </html>`;
}

function widgetTag(key: string, shopper: PageShell["shopper"]): SafeHtml {
  return shopper
    ? html`<script
        src="/widget.js"
        data-workspace="${key}"
        data-user-email="${shopper.email}"
        data-user-hash="${shopper.hash}"
        async
      ></script>`
    : html`<script src="/widget.js" data-workspace="${key}" async></script>`;
}

function signInLinks(people: PageShell["signInAs"]): SafeHtml {
  if (people.length === 0) return html``;
  return html` Try a signed-in shopper:
  ${people.map(
    (person, index) =>
      html`${index > 0 ? ", " : ""}<a href="/demo/store/sign-in?as=${person.key}">${person.name}</a>`,
  )}.`;
}

function productCard(product: StorefrontProduct): SafeHtml {
  const price = Math.min(...product.variants.map((variant) => variant.price ?? 0));
  return html`<li class="card">
    <a href="${productUrl(product.id)}">
      <span class="card__image" data-category="${product.category ?? ""}" aria-hidden="true"
        >${product.title.slice(0, 1)}</span
      >
      <span class="card__title">${product.title}</span>
      <span class="card__brand">${product.brand ?? ""}</span>
      <span class="card__price">${money(price)}</span>
    </a>
  </li>`;
}

export function homePage(products: StorefrontProduct[]): SafeHtml {
  const categories = [...new Set(products.map((product) => product.category ?? "other"))];
  return html`<h1>Shop the collection</h1>
    ${categories.map(
      (category) =>
        html`<section aria-labelledby="cat-${category}">
          <h2 id="cat-${category}">${categoryName(category)}</h2>
          <ul class="grid">
            ${products.filter((product) => product.category === category).map(productCard)}
          </ul>
        </section>`,
    )}`;
}

export function productPage(product: StorefrontProduct, selected: Variant): SafeHtml {
  return html`<nav class="crumbs" aria-label="Breadcrumb">
      <a href="/demo/store">Shop</a> › ${categoryName(product.category ?? "")}
    </nav>
    <article class="product" data-product-id="${product.id}">
      <div class="product__image" data-category="${product.category ?? ""}" aria-hidden="true">
        ${product.title.slice(0, 1)}
      </div>
      <div class="product__info">
        <h1>${product.title}</h1>
        <p class="product__brand">${product.brand ?? ""}</p>
        <p class="product__price" id="price">${money(selected.price ?? 0)}</p>
        <p>${product.description ?? ""}</p>
        ${product.finalSale ? html`<p class="final-sale">Final sale: not eligible for returns.</p>` : ""}
        <fieldset class="variants">
          <legend>Choose an option</legend>
          <ul>
            ${product.variants.map(
              (variant) =>
                html`<li>
                  <a
                    class="variant"
                    href="${productUrl(product.id, variant.sku)}"
                    data-sku="${variant.sku}"
                    data-price="${money(variant.price ?? 0)}"
                    data-available="${variant.available === false ? "no" : "yes"}"
                    ${variant.sku === selected.sku ? html`aria-current="true"` : ""}
                    >${variantLabel(variant)}</a
                  >
                </li>`,
            )}
          </ul>
        </fieldset>
        <p class="sku">
          SKU <span id="sku">${selected.sku}</span> ·
          <span id="availability"
            >${selected.available === false ? "Sold out online" : "In stock online"}</span
          >
        </p>
        <form method="post" action="/demo/store/cart">
          <input type="hidden" name="sku" id="sku-input" value="${selected.sku}" />
          <button class="add" type="submit" ${selected.available === false ? html`disabled` : ""}>
            Add to cart
          </button>
        </form>
      </div>
    </article>`;
}

export type CartRow = { product: StorefrontProduct; variant: Variant; quantity: number };

export function cartPage(cart: Cart | undefined, rows: CartRow[]): SafeHtml {
  if (!cart || rows.length === 0) {
    return html`<h1>Your cart</h1>
      <p>Your cart is empty. <a href="/demo/store">Keep shopping</a>.</p>`;
  }
  const total = rows.reduce((sum, row) => sum + (row.variant.price ?? 0) * row.quantity, 0);
  return html`<h1>Your cart</h1>
    <p class="cart-id">Cart reference <code>${cart.id}</code></p>
    <table class="cart">
      <caption class="visually-hidden">
        Items in your cart
      </caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Qty</th>
          <th scope="col">Price</th>
          <th scope="col"><span class="visually-hidden">Remove</span></th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              <td>
                <a href="${productUrl(row.product.id, row.variant.sku)}">${row.product.title}</a><br /><small
                  >${variantLabel(row.variant)} · ${row.variant.sku}</small
                >
              </td>
              <td>${row.quantity}</td>
              <td>${money((row.variant.price ?? 0) * row.quantity)}</td>
              <td>
                <form method="post" action="/demo/store/cart/remove">
                  <input type="hidden" name="sku" value="${row.variant.sku}" /><button
                    type="submit"
                    class="link"
                  >
                    Remove <span class="visually-hidden">${row.product.title}</span>
                  </button>
                </form>
              </td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="2">Total</th>
          <td>${money(total)}</td>
          <td></td>
        </tr>
      </tfoot>
    </table>
    <p><button class="add" type="button" disabled>Checkout (demo)</button></p>`;
}

export function notFoundPage(): SafeHtml {
  return html`<h1>Not found</h1>
    <p>That product isn't in the shop. <a href="/demo/store">Back to the shop</a>.</p>`;
}
