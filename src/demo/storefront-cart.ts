import { randomBytes } from "node:crypto";

export type CartLine = { sku: string; quantity: number };
export type Cart = { id: string; lines: CartLine[] };

export const CART_COOKIE = "tl_demo_cart";
const MAX_LINES = 20;
const MAX_QUANTITY = 10;
const CART_ID = /^cart_[A-Za-z0-9_-]{8,40}$/;
const SKU = /^[A-Z0-9-]{1,64}$/;

export const newCart = (): Cart => ({ id: `cart_${randomBytes(9).toString("base64url")}`, lines: [] });

/**
 * The demo cart lives in a cookie as `cart_id|SKU*2,SKU*1`. A tampered or foreign value is
 * read as no cart (never an error), and every SKU is checked against the catalogue by the caller.
 */
export function readCart(cookie: string | undefined): Cart | undefined {
  if (!cookie || cookie.length > 2000) return undefined;
  const [id, body = ""] = cookie.split("|", 2);
  if (!id || !CART_ID.test(id)) return undefined;
  const lines: CartLine[] = [];
  for (const part of body.split(",").filter(Boolean).slice(0, MAX_LINES)) {
    const [sku, count] = part.split("*", 2);
    const quantity = Number(count);
    if (sku && SKU.test(sku) && Number.isInteger(quantity) && quantity > 0) {
      lines.push({ sku, quantity: Math.min(quantity, MAX_QUANTITY) });
    }
  }
  return { id, lines };
}

export function writeCart(cart: Cart): string {
  return `${cart.id}|${cart.lines.map((line) => `${line.sku}*${line.quantity}`).join(",")}`;
}

export function addToCart(cart: Cart, sku: string): Cart {
  const existing = cart.lines.find((line) => line.sku === sku);
  const lines = existing
    ? cart.lines.map((line) =>
        line.sku === sku ? { sku, quantity: Math.min(line.quantity + 1, MAX_QUANTITY) } : line,
      )
    : [...cart.lines, { sku, quantity: 1 }].slice(-MAX_LINES);
  return { ...cart, lines };
}

export function removeFromCart(cart: Cart, sku: string): Cart {
  return { ...cart, lines: cart.lines.filter((line) => line.sku !== sku) };
}
