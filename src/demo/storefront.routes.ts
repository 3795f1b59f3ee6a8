import { createHmac } from "node:crypto";
import cookie from "@fastify/cookie";
import formBody from "@fastify/formbody";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { DEMO_CUSTOMERS } from "./demo-customers";
import { demoProducts } from "./demo-retail";
import type { SafeHtml } from "./lib/html";
import {
  addToCart,
  CART_COOKIE,
  newCart,
  readCart,
  removeFromCart,
  writeCart,
  type Cart,
} from "./storefront-cart";
import {
  cartPage,
  homePage,
  layout,
  notFoundPage,
  productPage,
  type CartRow,
  type PageShell,
  type StorefrontProduct,
} from "./storefront-pages";

/** The demo workspace's widget credentials; undefined when the demo workspace does not exist. */
export type StorefrontWidget = () => Promise<{ publicKey: string; secret: string } | undefined>;

export type StorefrontOptions = {
  widget: StorefrontWidget;
  /** The built storefront script and styles (from the web build manifest). */
  assets: () => { script?: string; styles: string[] };
};

const SHOPPER_COOKIE = "tl_demo_shopper";
const COOKIE_PATH = "/demo/store";
/** Shoppers a visitor can sign in as, to see a verified conversation: the demo's own customers. */
const SIGN_IN_AS = DEMO_CUSTOMERS.filter((customer) => ["maya", "james"].includes(customer.key)).map(
  (customer) => ({
    key: customer.key,
    name: customer.displayName,
    email: customer.identities.find((identity) => identity.kind === "email")?.value ?? "",
  }),
);

/**
 * Its own scripts and styles, the chat frame from this server, nothing else; forms post back
 * here only.
 */
const STOREFRONT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * A small shop over the demo catalogue that carries the chat widget, so page context can be
 * seen arriving with each message: product pages name the product and SKU, every page names
 * the cart. Pages are rendered on the server; every value passes through the escaping `html` tag.
 */
export const storefrontRoutes: FastifyPluginAsync<StorefrontOptions> = async (fastify, options) => {
  await fastify.register(cookie);
  await fastify.register(formBody, { bodyLimit: 4096 });

  const products: StorefrontProduct[] = demoProducts();
  const byId = new Map(products.map((product) => [product.id, product]));
  const bySku = new Map(
    products.flatMap((product) =>
      product.variants.map((variant) => [variant.sku, { product, variant }] as const),
    ),
  );

  const send = async (
    request: FastifyRequest,
    reply: FastifyReply,
    page: { title: string; body: SafeHtml; cart?: Cart; meta?: PageShell["meta"]; status?: number },
  ) => {
    const widget = await options.widget();
    const shopperKey = request.cookies[SHOPPER_COOKIE];
    const person = SIGN_IN_AS.find((candidate) => candidate.key === shopperKey);
    const shopper =
      person && widget
        ? {
            name: person.name,
            email: person.email,
            // What a retailer's server does: sign the user's email with the widget secret.
            hash: createHmac("sha256", widget.secret).update(person.email).digest("hex"),
          }
        : undefined;
    const shell: PageShell = {
      title: page.title,
      widgetKey: widget?.publicKey,
      shopper,
      assets: options.assets(),
      cart: page.cart ?? readCart(request.cookies[CART_COOKIE]),
      meta: page.meta,
      signInAs: SIGN_IN_AS,
    };
    return reply
      .status(page.status ?? 200)
      .header("content-security-policy", STOREFRONT_CSP)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(layout(shell, page.body).toString());
  };

  const knownCart = (request: FastifyRequest): Cart | undefined => {
    const cart = readCart(request.cookies[CART_COOKIE]);
    return cart && { ...cart, lines: cart.lines.filter((line) => bySku.has(line.sku)) };
  };
  const saveCart = (reply: FastifyReply, cart: Cart) =>
    reply.setCookie(CART_COOKIE, writeCart(cart), { path: COOKIE_PATH, httpOnly: true, sameSite: "lax" });

  const publicRoute = { config: { auth: "public" as const }, schema: { hide: true } };

  fastify.get("/demo/store", publicRoute, (request, reply) =>
    send(request, reply, { title: "Shop", body: homePage(products) }),
  );

  fastify.get<{ Params: { id: string }; Querystring: { sku?: string } }>(
    "/demo/store/products/:id",
    publicRoute,
    (request, reply) => {
      const product = byId.get(request.params.id);
      if (!product) return send(request, reply, { title: "Not found", body: notFoundPage(), status: 404 });
      const requested = product.variants.find((variant) => variant.sku === request.query.sku);
      const selected =
        requested ?? product.variants.find((variant) => variant.available !== false) ?? product.variants[0]!;
      return send(request, reply, {
        title: product.title,
        body: productPage(product, selected),
        meta: { productId: product.id, sku: selected.sku },
      });
    },
  );

  fastify.get("/demo/store/cart", publicRoute, (request, reply) => {
    const cart = knownCart(request);
    const rows: CartRow[] = (cart?.lines ?? []).flatMap((line) => {
      const found = bySku.get(line.sku);
      return found ? [{ ...found, quantity: line.quantity }] : [];
    });
    return send(request, reply, { title: "Cart", body: cartPage(cart, rows), cart });
  });

  const skuOf = (body: unknown): string | undefined => {
    const sku = (body as { sku?: unknown } | undefined)?.sku;
    return typeof sku === "string" && bySku.has(sku) ? sku : undefined;
  };

  fastify.post("/demo/store/cart", publicRoute, (request, reply) => {
    const sku = skuOf(request.body);
    if (!sku)
      return reply
        .status(400)
        .send({ error: "STOREFRONT_UNKNOWN_SKU", message: "sku: not in the demo catalogue", field: "sku" });
    saveCart(reply, addToCart(knownCart(request) ?? newCart(), sku));
    return reply.redirect("/demo/store/cart", 303);
  });

  fastify.post("/demo/store/cart/remove", publicRoute, (request, reply) => {
    const sku = skuOf(request.body);
    const cart = knownCart(request);
    if (sku && cart) saveCart(reply, removeFromCart(cart, sku));
    return reply.redirect("/demo/store/cart", 303);
  });

  fastify.get<{ Querystring: { as?: string } }>("/demo/store/sign-in", publicRoute, (request, reply) => {
    const person = SIGN_IN_AS.find((candidate) => candidate.key === request.query.as);
    if (!person)
      return reply
        .status(400)
        .send({ error: "STOREFRONT_UNKNOWN_SHOPPER", message: "as: not a demo shopper", field: "as" });
    reply.setCookie(SHOPPER_COOKIE, person.key, { path: COOKIE_PATH, httpOnly: true, sameSite: "lax" });
    return reply.redirect("/demo/store", 303);
  });

  fastify.get("/demo/store/sign-out", publicRoute, (_request, reply) => {
    reply.clearCookie(SHOPPER_COOKIE, { path: COOKIE_PATH });
    return reply.redirect("/demo/store", 303);
  });
};
