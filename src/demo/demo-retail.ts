import type { OrderInput, ProductInput, StoreInput } from "../connectors";
import type { Services } from "../services";
import type { DemoSeeder } from "./demo-seed";

/**
 * Northwind Outfitters' retail data: stores in four time zones, a catalogue with variants,
 * stock per store, and orders for the demo shoppers in every state. Dates are relative to
 * `now`, so the demo always shows a late order, a recent delivery and an expired return window.
 */
const DAY = 86_400_000;
const weekdays = (open: string, close: string) =>
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open, close }]]));

export function demoStores(now: Date): StoreInput[] {
  const year = now.getUTCFullYear();
  const nextYear = year + 1;
  const christmas = [`${year}-12-25`, `${nextYear}-12-25`].map((date) => ({ date, name: "Christmas Day", closed: true }));
  const newYearsEve = [`${year}-12-31`].map((date) => ({ date, name: "New Year's Eve", periods: [{ open: "10:00", close: "16:00" }] }));
  return [
    {
      code: "NYC-SOHO",
      name: "Northwind Soho",
      address: { line1: "142 Spring Street", city: "New York", region: "NY", postalCode: "10012", country: "US" },
      latitude: 40.7233,
      longitude: -73.9985,
      timezone: "America/New_York",
      phone: "+1 212 555 0110",
      hours: { ...weekdays("10:00", "21:00"), sat: [{ open: "10:00", close: "21:00" }], sun: [{ open: "11:00", close: "19:00" }] },
      holidays: [...christmas, ...newYearsEve, { date: `${year}-11-26`, name: "Thanksgiving", closed: true }],
      services: ["click_and_collect", "returns", "alterations"],
    },
    {
      code: "NYC-USQ",
      name: "Northwind Union Square",
      address: { line1: "33 East 17th Street", city: "New York", region: "NY", postalCode: "10003", country: "US" },
      latitude: 40.7371,
      longitude: -73.9903,
      timezone: "America/New_York",
      phone: "+1 212 555 0122",
      hours: { ...weekdays("09:00", "22:00"), sat: [{ open: "09:00", close: "22:00" }], sun: [{ open: "10:00", close: "20:00" }] },
      holidays: [...christmas, { date: `${year}-11-26`, name: "Thanksgiving", closed: true }],
      services: ["click_and_collect", "returns", "electronics_repair"],
    },
    {
      code: "LDN-COVENT",
      name: "Northwind London Covent Garden",
      address: { line1: "21 Long Acre", city: "London", postalCode: "WC2E 9LY", country: "GB" },
      latitude: 51.5123,
      longitude: -0.1254,
      timezone: "Europe/London",
      phone: "+44 20 7946 0999",
      hours: { ...weekdays("09:00", "20:00"), sat: [{ open: "09:00", close: "20:00" }], sun: [{ open: "12:00", close: "18:00" }] },
      holidays: [...christmas, { date: `${year}-12-26`, name: "Boxing Day", periods: [{ open: "10:00", close: "17:00" }] }],
      services: ["click_and_collect", "returns"],
    },
    {
      code: "CHI-MAG",
      name: "Northwind Chicago Magnificent Mile",
      address: { line1: "520 N Michigan Avenue", city: "Chicago", region: "IL", postalCode: "60611", country: "US" },
      latitude: 41.8917,
      longitude: -87.6244,
      timezone: "America/Chicago",
      phone: "+1 312 555 0140",
      hours: { ...weekdays("10:00", "20:00"), sat: [{ open: "10:00", close: "20:00" }], sun: [{ open: "11:00", close: "18:00" }] },
      holidays: christmas,
      services: ["click_and_collect", "returns"],
    },
    {
      code: "SF-UNION",
      name: "Northwind San Francisco",
      address: { line1: "250 Post Street", city: "San Francisco", region: "CA", postalCode: "94108", country: "US" },
      latitude: 37.7887,
      longitude: -122.4064,
      timezone: "America/Los_Angeles",
      phone: "+1 415 555 0160",
      hours: { ...weekdays("10:00", "20:00"), sat: [{ open: "10:00", close: "20:00" }], sun: [{ open: "11:00", close: "18:00" }] },
      holidays: christmas,
      services: ["click_and_collect", "returns", "electronics_repair"],
    },
    {
      code: "FC-EDISON",
      name: "Northwind Fulfilment Centre Edison",
      kind: "fulfilment_centre",
      address: { line1: "1 Distribution Way", city: "Edison", region: "NJ", postalCode: "08817", country: "US" },
      latitude: 40.5187,
      longitude: -74.4121,
      timezone: "America/New_York",
      hours: {},
      holidays: [],
      services: [],
    },
  ];
}

type ProductSpec = [id: string, title: string, category: string, brand: string, price: number, axes: Record<string, string[]>, description: string];

const PRODUCTS: ProductSpec[] = [
  ["P-JKT-RAIN", "Trail Rain Jacket", "apparel", "Northwind", 129, { size: ["S", "M", "L", "XL"], color: ["Navy", "Olive"] }, "Waterproof, breathable 2.5-layer shell with taped seams and a packable hood."],
  ["P-JKT-DOWN", "Summit Down Jacket", "apparel", "Northwind", 219, { size: ["S", "M", "L"], color: ["Black", "Red"] }, "650-fill responsibly sourced down jacket for cold city winters."],
  ["P-TEE-ORG", "Organic Cotton T-Shirt", "apparel", "Basics Co", 24, { size: ["S", "M", "L", "XL"], color: ["White", "Black", "Heather Grey"] }, "Soft organic cotton crew-neck tee."],
  ["P-HOOD-FLC", "Fleece Hoodie", "apparel", "Basics Co", 59, { size: ["S", "M", "L", "XL"], color: ["Grey", "Forest"] }, "Brushed fleece pullover hoodie with a kangaroo pocket."],
  ["P-JEAN-SLIM", "Slim Selvedge Jeans", "apparel", "Denim Works", 98, { waist: ["30", "32", "34", "36"], length: ["30", "32"] }, "Raw selvedge denim, slim fit."],
  ["P-SCARF-WOOL", "Merino Wool Scarf", "apparel", "Northwind", 45, { color: ["Camel", "Charcoal"] }, "Fine merino wool scarf."],
  ["P-SHOE-TRAIL", "Trail Runner Shoes", "footwear", "Stride", 139, { size: ["8", "9", "10", "11", "12"], color: ["Black", "Blue"] }, "Grippy, cushioned trail running shoes with a rock plate."],
  ["P-SHOE-CITY", "City Leather Sneakers", "footwear", "Stride", 119, { size: ["7", "8", "9", "10", "11"], color: ["White", "Tan"] }, "Minimal leather sneakers for everyday wear."],
  ["P-BOOT-HIKE", "Waterproof Hiking Boots", "footwear", "Stride", 179, { size: ["8", "9", "10", "11"] }, "Waterproof leather hiking boots with Vibram soles."],
  ["P-SANDAL", "Recovery Sandals", "footwear", "Stride", 49, { size: ["S", "M", "L"] }, "Cushioned slides for after a long run."],
  ["P-SOCK-3PK", "Running Socks 3-Pack", "footwear", "Stride", 18, { size: ["M", "L"] }, "Moisture-wicking running socks, pack of three."],
  ["P-EAR-PRO", "Wireless Earbuds Pro", "electronics", "Sonic", 149, { color: ["Black", "White"] }, "Noise-cancelling wireless earbuds with 30-hour battery."],
  ["P-HEAD-OVR", "Over-Ear Headphones", "electronics", "Sonic", 249, { color: ["Black", "Silver"] }, "Wireless over-ear headphones with adaptive noise cancelling."],
  ["P-WATCH-FIT", "Fitness Watch", "electronics", "Pulse", 199, { size: ["40mm", "44mm"], color: ["Black", "Rose"] }, "GPS fitness watch with heart-rate and sleep tracking."],
  ["P-CHARGER", "Portable Charger 20000mAh", "electronics", "Pulse", 59, { color: ["Black"] }, "USB-C power bank that charges a phone four times."],
  ["P-SPEAKER", "Bluetooth Speaker", "electronics", "Sonic", 89, { color: ["Blue", "Black", "Red"] }, "Waterproof portable Bluetooth speaker."],
  ["P-KEYBOARD", "Mechanical Keyboard", "electronics", "Clack", 129, { switch: ["Linear", "Tactile"] }, "Hot-swappable mechanical keyboard with backlight."],
  ["P-LAMP-DESK", "Arc Desk Lamp", "home", "Lumen", 79, { color: ["Brass", "Matte Black"] }, "Dimmable LED desk lamp with an adjustable arc arm."],
  ["P-LAMP-FLOOR", "Linen Floor Lamp", "home", "Lumen", 149, { color: ["Natural", "White"] }, "Floor lamp with a linen drum shade."],
  ["P-MUG-SET", "Stoneware Mug Set", "home", "Kiln", 36, { color: ["Speckled", "Slate"] }, "Set of four handmade stoneware mugs."],
  ["P-THROW", "Wool Throw Blanket", "home", "Northwind", 89, { color: ["Oatmeal", "Rust"] }, "Woven wool throw, 130 x 170 cm."],
  ["P-KETTLE", "Electric Kettle", "home", "Kiln", 69, { color: ["Cream", "Black"] }, "1.7 l gooseneck electric kettle with temperature control."],
  ["P-PILLOW", "Linen Cushion Cover", "home", "Kiln", 29, { color: ["Sage", "Sand"] }, "Stonewashed linen cushion cover, 50 x 50 cm."],
  ["P-BOTTLE", "Insulated Water Bottle", "home", "Northwind", 32, { capacity: ["500ml", "750ml"] }, "Double-wall stainless bottle keeps drinks cold 24 hours."],
  ["P-BACKPACK", "Commuter Backpack", "accessories", "Northwind", 110, { color: ["Black", "Olive"] }, "Water-resistant 22 l backpack with a padded laptop sleeve."],
  ["P-SUNGLASS", "Polarised Sunglasses", "accessories", "Ray Point", 75, { color: ["Tortoise", "Black"] }, "Polarised lenses with UV400 protection."],
  ["P-CAP", "Logo Baseball Cap", "accessories", "Northwind", 28, { color: ["Navy", "Khaki"] }, "Six-panel cotton cap."],
  ["P-CLR-PARKA", "Clearance Parka", "clearance", "Northwind", 89, { size: ["M", "L"] }, "Last season's insulated parka. Final sale."],
  ["P-CLR-TEE", "Clearance Graphic Tee", "clearance", "Basics Co", 9, { size: ["S", "M", "L"] }, "Graphic tee at a clearance price. Final sale."],
  ["P-CLR-SPEAKER", "Clearance Mini Speaker", "clearance", "Sonic", 25, { color: ["Green"] }, "Compact speaker, discontinued colour. Final sale."],
];

function combinations(axes: Record<string, string[]>): Record<string, string>[] {
  return Object.entries(axes).reduce<Record<string, string>[]>(
    (acc, [axis, values]) => acc.flatMap((combo) => values.map((value) => ({ ...combo, [axis]: value }))),
    [{}],
  );
}

const skuOf = (productId: string, options: Record<string, string>) =>
  [productId.replace(/^P-/, ""), ...Object.values(options).map((v) => v.replace(/[^A-Za-z0-9]/g, "").toUpperCase())].join("-");

export function demoProducts(): ProductInput[] {
  return PRODUCTS.map(([id, title, category, brand, price, axes, description]) => ({
    id,
    title,
    category,
    brand,
    description,
    finalSale: category === "clearance",
    tags: category === "clearance" ? ["final sale", "clearance"] : [],
    variants: combinations(axes).map((options, index) => ({
      sku: skuOf(id, options),
      options,
      price,
      // One variant of a few products is sold out everywhere.
      available: !(index === 0 && (id === "P-JKT-DOWN" || id === "P-WATCH-FIT")),
    })),
  }));
}

export function demoInventory(): { sku: string; location: string; quantity: number }[] {
  const locations = demoStores(new Date()).map((s) => s.code);
  const levels: { sku: string; location: string; quantity: number }[] = [];
  for (const product of demoProducts()) {
    for (const [v, variant] of product.variants.entries()) {
      for (const [l, location] of locations.entries()) {
        // Deterministic spread: some stores out of stock, the fulfilment centre deep.
        const base = (v * 7 + l * 3 + product.id.length) % 6;
        const quantity = variant.available === false ? 0 : location.startsWith("FC-") ? 40 + base * 10 : base === 0 ? 0 : base;
        levels.push({ sku: variant.sku, location, quantity });
      }
    }
  }
  return levels;
}

export const DEMO_POSTAL_CODES = [
  { country: "US", postalCode: "10012", latitude: 40.7256, longitude: -73.9983 },
  { country: "US", postalCode: "10003", latitude: 40.7319, longitude: -73.9893 },
  { country: "US", postalCode: "10001", latitude: 40.7506, longitude: -73.9972 },
  { country: "US", postalCode: "11201", latitude: 40.6937, longitude: -73.9899 },
  { country: "US", postalCode: "60611", latitude: 41.8949, longitude: -87.6193 },
  { country: "US", postalCode: "94108", latitude: 37.7929, longitude: -122.4079 },
  { country: "US", postalCode: "08817", latitude: 40.5184, longitude: -74.3925 },
  { country: "GB", postalCode: "WC2E9LY", latitude: 51.5121, longitude: -0.1247 },
  { country: "GB", postalCode: "SW1A1AA", latitude: 51.501, longitude: -0.1416 },
];

const iso = (now: Date, days: number, hour = 15) => {
  const d = new Date(now.getTime() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

const nyAddress = (name: string) => ({ name, line1: "88 Greene Street, Apt 4", city: "New York", region: "NY", postalCode: "10012", country: "US" });

export const DEMO_EMAILS = {
  maya: "maya.chen@example.com",
  james: "james.oconnor@example.co.uk",
  priya: "priya.raman@example.com",
  luis: "luis.ortega@example.com",
  hannah: "hannah.becker@example.com",
} as const;

export function demoOrders(now: Date): OrderInput[] {
  const line = (id: string, sku: string, title: string, unitPrice: number, options: Record<string, string>, extra: Partial<OrderInput["lines"][number]> = {}) => ({
    id,
    sku,
    title,
    unitPrice,
    options,
    quantity: 1,
    ...extra,
  });
  const paid = (amount: number, at: string) => [{ method: "card", amount, reference: "visa-4242", at }];
  return [
    {
      number: "1001",
      status: "processing",
      placedAt: iso(now, -6),
      customer: { email: DEMO_EMAILS.maya, name: "Maya Chen" },
      shippingAddress: nyAddress("Maya Chen"),
      shippingMethod: "express",
      lines: [line("1", "SHOE-TRAIL-10-BLACK", "Trail Runner Shoes", 139, { size: "10", color: "Black" }), line("2", "SOCK-3PK-M", "Running Socks 3-Pack", 18, { size: "M" }, { quantity: 2 })],
      totals: { shipping: 12, tax: 15.4 },
      payments: paid(202.4, iso(now, -6)),
      promisedDeliveryAt: iso(now, -1, 22),
    },
    {
      number: "1002",
      status: "shipped",
      placedAt: iso(now, -4),
      customer: { email: DEMO_EMAILS.maya, name: "Maya Chen" },
      shippingAddress: nyAddress("Maya Chen"),
      lines: [line("1", "EAR-PRO-BLACK", "Wireless Earbuds Pro", 149, { color: "Black" })],
      totals: { shipping: 0, tax: 13.22 },
      payments: paid(162.22, iso(now, -4)),
      fulfilments: [
        {
          id: "F1002",
          status: "in_transit",
          carrier: "UPS",
          trackingNumbers: ["1Z999AA10123456784"],
          trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
          lineIds: ["1"],
          shippedAt: iso(now, -3, 18),
          events: [
            { at: iso(now, -3, 18), status: "in_transit", description: "Picked up by carrier", location: "Edison, NJ" },
            { at: iso(now, -1, 9), status: "in_transit", description: "Arrived at facility", location: "Maspeth, NY" },
          ],
        },
      ],
      estimatedDeliveryAt: iso(now, 1, 20),
      promisedDeliveryAt: iso(now, 2, 22),
    },
    {
      number: "1003",
      status: "delivered",
      placedAt: iso(now, -16),
      customer: { email: DEMO_EMAILS.maya, name: "Maya Chen" },
      shippingAddress: nyAddress("Maya Chen"),
      lines: [line("1", "TEE-ORG-M-WHITE", "Organic Cotton T-Shirt", 24, { size: "M", color: "White" }), line("2", "CLR-PARKA-M", "Clearance Parka", 89, { size: "M" }, { finalSale: true, category: "clearance" })],
      totals: { shipping: 6, tax: 10.53 },
      payments: paid(129.53, iso(now, -16)),
      fulfilments: [
        {
          id: "F1003",
          status: "delivered",
          carrier: "USPS",
          trackingNumbers: ["9400111899223817263540"],
          lineIds: ["1", "2"],
          shippedAt: iso(now, -14),
          deliveredAt: iso(now, -10),
          events: [{ at: iso(now, -10), status: "delivered", description: "Delivered, front door", location: "New York, NY" }],
        },
      ],
      deliveredAt: iso(now, -10),
    },
    {
      number: "1004",
      status: "delivered",
      placedAt: iso(now, -9),
      customer: { email: DEMO_EMAILS.james, externalId: "C-55120", name: "James O'Connor" },
      shippingAddress: { name: "James O'Connor", line1: "12 Neal Street", city: "London", postalCode: "WC2H 9PU", country: "GB" },
      lines: [line("1", "JKT-RAIN-M-NAVY", "Trail Rain Jacket", 129, { size: "M", color: "Navy" })],
      currency: "USD",
      totals: { shipping: 15, tax: 0 },
      payments: paid(144, iso(now, -9)),
      fulfilments: [
        {
          id: "F1004",
          status: "delivered",
          carrier: "DHL Express",
          trackingNumbers: ["JD014600006281234567"],
          lineIds: ["1"],
          shippedAt: iso(now, -8),
          deliveredAt: iso(now, -5),
          events: [{ at: iso(now, -5), status: "delivered", description: "Delivered, signed by J OCONNOR", location: "London" }],
        },
      ],
      deliveredAt: iso(now, -5),
    },
    {
      number: "1005",
      status: "pending",
      placedAt: new Date(now.getTime() - 3_600_000).toISOString(),
      customer: { email: DEMO_EMAILS.priya, name: "Priya Raman" },
      shippingAddress: { name: "Priya Raman", line1: "455 Hayes Street", city: "San Francisco", region: "CA", postalCode: "94102", country: "US" },
      lines: [line("1", "WATCH-FIT-44MM-BLACK", "Fitness Watch", 199, { size: "44mm", color: "Black" })],
      totals: { shipping: 0, tax: 17.16 },
      payments: [],
    },
    {
      number: "1006",
      status: "cancelled",
      placedAt: iso(now, -20),
      customer: { email: DEMO_EMAILS.luis, name: "Luis Ortega" },
      shippingAddress: { name: "Luis Ortega", line1: "1200 W Fulton Market", city: "Chicago", region: "IL", postalCode: "60607", country: "US" },
      lines: [line("1", "SPEAKER-BLUE", "Bluetooth Speaker", 89, { color: "Blue" })],
      totals: { shipping: 0, tax: 9.12 },
      payments: paid(98.12, iso(now, -20)),
      refunds: [{ amount: 98.12, reason: "ordered by mistake", at: iso(now, -19) }],
      cancelledAt: iso(now, -19),
    },
    {
      number: "1007",
      status: "delivered",
      placedAt: iso(now, -15),
      customer: { email: DEMO_EMAILS.hannah, name: "Hannah Becker" },
      shippingAddress: { name: "Hannah Becker", line1: "2045 N Damen Ave", city: "Chicago", region: "IL", postalCode: "60647", country: "US" },
      lines: [line("1", "LAMP-DESK-BRASS", "Arc Desk Lamp", 79, { color: "Brass" }), line("2", "MUG-SET-SLATE", "Stoneware Mug Set", 36, { color: "Slate" })],
      totals: { shipping: 0, tax: 11.79 },
      payments: paid(126.79, iso(now, -15)),
      fulfilments: [
        {
          id: "F1007",
          status: "delivered",
          carrier: "FedEx",
          trackingNumbers: ["794612345678"],
          lineIds: ["1", "2"],
          shippedAt: iso(now, -14),
          deliveredAt: iso(now, -12),
          events: [{ at: iso(now, -12), status: "delivered", description: "Delivered", location: "Chicago, IL" }],
        },
      ],
      deliveredAt: iso(now, -12),
    },
    {
      number: "1008",
      status: "delivered",
      placedAt: iso(now, -100),
      customer: { email: DEMO_EMAILS.hannah, name: "Hannah Becker" },
      shippingAddress: { name: "Hannah Becker", line1: "2045 N Damen Ave", city: "Chicago", region: "IL", postalCode: "60647", country: "US" },
      lines: [line("1", "THROW-RUST", "Wool Throw Blanket", 89, { color: "Rust" })],
      totals: { shipping: 0, tax: 9.12 },
      payments: paid(98.12, iso(now, -100)),
      fulfilments: [
        { id: "F1008", status: "delivered", carrier: "FedEx", trackingNumbers: ["794600000001"], lineIds: ["1"], shippedAt: iso(now, -98), deliveredAt: iso(now, -95), events: [] },
      ],
      deliveredAt: iso(now, -95),
    },
    {
      number: "1009",
      status: "delivered",
      placedAt: iso(now, -25),
      customer: { email: DEMO_EMAILS.priya, name: "Priya Raman" },
      shippingAddress: { name: "Priya Raman", line1: "455 Hayes Street", city: "San Francisco", region: "CA", postalCode: "94102", country: "US" },
      lines: [line("1", "SHOE-CITY-8-WHITE", "City Leather Sneakers", 119, { size: "8", color: "White" }, { returnedQuantity: 1 }), line("2", "SCARF-WOOL-CAMEL", "Merino Wool Scarf", 45, { color: "Camel" })],
      totals: { shipping: 0, tax: 15.5 },
      payments: paid(179.5, iso(now, -25)),
      refunds: [{ amount: 119, reason: "too small", lineIds: ["1"], at: iso(now, -12) }],
      fulfilments: [
        { id: "F1009", status: "delivered", carrier: "UPS", trackingNumbers: ["1Z999AA10123450001"], lineIds: ["1", "2"], shippedAt: iso(now, -23), deliveredAt: iso(now, -20), events: [] },
      ],
      deliveredAt: iso(now, -20),
    },
    {
      number: "1010",
      status: "processing",
      placedAt: iso(now, -1),
      customer: { email: DEMO_EMAILS.luis, name: "Luis Ortega" },
      shippingAddress: { name: "Luis Ortega", line1: "1200 W Fulton Market", city: "Chicago", region: "IL", postalCode: "60607", country: "US" },
      lines: [line("1", "BOOT-HIKE-10", "Waterproof Hiking Boots", 179, { size: "10" })],
      totals: { shipping: 0, tax: 18.39 },
      payments: paid(197.39, iso(now, -1)),
      promisedDeliveryAt: iso(now, 4, 22),
    },
  ];
}

/** Loads the demo retail data into a workspace through the same import path a retailer uses. */
export async function seedDemoRetail(services: Services, workspaceId: string, now: Date): Promise<void> {
  for (const [kind, records] of [
    ["stores", demoStores(now)],
    ["postal-codes", DEMO_POSTAL_CODES],
    ["products", demoProducts()],
    ["inventory", demoInventory()],
    ["orders", demoOrders(now)],
  ] as const) {
    const report = await services.imports.importRecords(workspaceId, kind, [...records], { strict: true });
    if (report.invalid > 0) throw new Error(`demo ${kind} data is invalid: ${JSON.stringify(report.problems[0])}`);
  }
}

export const demoRetailSeeder: DemoSeeder = {
  name: "retail",
  seed: ({ services, workspaceId, now }) => seedDemoRetail(services, workspaceId, now),
};
