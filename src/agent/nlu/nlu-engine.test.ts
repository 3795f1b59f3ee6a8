import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNluEngine, type NluEngine } from "./index";

let engine: NluEngine;

beforeAll(async () => {
  engine = await createNluEngine();
});

describe("intent classification", () => {
  const clear: [string, string][] = [
    ["where is my order #1042?", "order_status"],
    ["when will my parcel be delivered", "delivery_window"],
    ["my package arrived damaged and the glass is broken", "delivery_problem"],
    ["please cancel my order", "cancel_order"],
    ["I want to add another item to my order", "change_order"],
    ["I need to change the delivery address on my order", "change_shipping_address"],
    ["I'd like to return these shoes", "return_request"],
    ["how many days do I have to return something", "return_policy"],
    ["I still haven't received my refund", "refund_status"],
    ["do you have the blue hoodie in medium in stock", "product_availability"],
    ["what material is this jacket made of", "product_info"],
    ["what time does the store close on Sunday", "store_hours"],
    ["where is your nearest shop", "store_location"],
    ["do you have any discount codes", "promotions"],
    ["my card was declined at checkout", "payment_issue"],
    ["can I pay with PayPal", "payment_methods"],
    ["can you send me an invoice for my purchase", "invoice"],
    ["I forgot my password and can't log in", "account_access"],
    ["I want to update the email address on my account", "account_change"],
    ["I want to file a complaint about your service", "complaint"],
    ["let me talk to a real person", "human_agent"],
    ["I'd like to leave a review", "feedback"],
    ["unsubscribe me from the newsletter", "newsletter"],
    ["hello", "greeting"],
    ["thank you so much", "thanks"],
    ["bye", "goodbye"],
  ];
  it.each(clear)("reads %j as %s", (text, intent) => {
    const u = engine.predict(text);
    expect(u.intent).toBe(intent);
    expect(u.confidence).toBeGreaterThan(0.5);
    expect(u.confidence).toBeLessThanOrEqual(1);
    expect(u.ranking).toHaveLength(3);
    expect(u.ranking[0]?.intent).toBe(intent);
  });

  it("tolerates typos", () => {
    expect(engine.predict("cancle my oder pls").intent).toBe("cancel_order");
    expect(engine.predict("wheres my refnd").intent).toBe("refund_status");
  });

  it("reports unrelated questions as out_of_scope", () => {
    for (const text of [
      "what is the weather on mars",
      "who won the world cup in 1966",
      "explain photosynthesis to me",
    ]) {
      expect(engine.predict(text).intent, text).toBe("out_of_scope");
    }
  });

  it("reads a message made only of courtesies as a greeting, not as off-topic", () => {
    // Stripping "Good morning" and "hope you are well" leaves nothing, so the text as written decides.
    for (const text of ["Good morning, hope you are well!", "Hi there, good evening to you all."]) {
      expect(engine.predict(text).intent).toBe("greeting");
    }
  });

  it("lets a request win over the greeting in front of it", () => {
    const u = engine.predict("Hi there! Good morning. Can you tell me where my order is?");
    expect(u.intent).toBe("order_status");
  });

  it("reports a second request in the same message as secondary", () => {
    const u = engine.predict(
      "Hello, my parcel arrived damaged. Also, what are your opening hours on Saturday?",
    );
    const intents = [u.intent, u.secondary?.intent];
    expect(intents).toContain("delivery_problem");
    expect(intents).toContain("store_hours");
    expect(u.secondary?.confidence).toBeGreaterThan(0.4);
  });

  it("leads with the request the customer names first, even when the whole message leans to the second", () => {
    const u = engine.predict(
      "The toaster arrived with a dent, please replace it. Also please take me off your mailing list.",
    );
    expect(u.intent).toBe("delivery_problem");
    expect(u.secondary?.intent).toBe("newsletter");
    expect(u.ranking[0]?.intent).toBe("delivery_problem");
  });

  it("is unsure of a message that names topics but asks nothing the models recognise", () => {
    const u = engine.predict("that thing with the money and the order");
    expect(u.confidence).toBeLessThan(0.4);
    // A clear first sentence keeps the lead over a vague opener read on its own.
    expect(engine.predict("any update? it still hasn't arrived").intent).toBe("delivery_problem");
  });

  it("gives no secondary intent to a single request", () => {
    expect(engine.predict("where is my order").secondary).toBeUndefined();
  });

  it("lists the taxonomy and measures training time", () => {
    expect(engine.intents()).toContain("order_status");
    expect(engine.intents()).toContain("out_of_scope");
    expect(engine.intents()).toHaveLength(27);
    expect(engine.trainingMs).toBeGreaterThan(0);
  });
});

describe("understanding as a whole", () => {
  it("extracts entities and sentiment alongside the intent", () => {
    engine.setCatalogue([{ id: "sku-aero", name: "Aero Running Jacket", aliases: ["aero jacket"] }]);
    const u = engine.predict("Is the Aero Runing Jacket in stock in size XL? email me at jo@example.com");
    expect(u.intent).toBe("product_availability");
    expect(u.entities.find((e) => e.type === "product")?.value).toBe("sku-aero");
    expect(u.entities.find((e) => e.type === "size")?.value).toBe("XL");
    expect(u.entities.find((e) => e.type === "email")?.value).toBe("jo@example.com");
    expect(u.language).toBe("en");
  });

  it("prefers a catalogue passed at predict time", () => {
    const u = engine.predict("do you have the Nimbus Kettle", {
      catalogue: [{ id: "k1", name: "Nimbus Kettle" }],
    });
    expect(u.entities.find((e) => e.type === "product")?.value).toBe("k1");
  });
});

describe("retailer training data", () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("merges a new intent from an extra training directory", async () => {
    dir = mkdtempSync(join(tmpdir(), "nlu-extra-"));
    writeFileSync(
      join(dir, "gift_wrapping.json"),
      JSON.stringify({
        intent: "gift_wrapping",
        examples: [
          "can you gift wrap my order",
          "do you offer gift wrapping",
          "I want it wrapped as a present",
          "is gift wrap available",
          "add gift wrapping please",
          "can the parcel be wrapped in gift paper",
          "gift wrap",
          "do you wrap presents",
        ],
      }),
    );
    const custom = await createNluEngine({ extraTrainingDir: dir });
    expect(custom.intents()).toContain("gift_wrapping");
    expect(custom.predict("do you offer gift wrapping for presents?").intent).toBe("gift_wrapping");
    expect(custom.predict("where is my order").intent).toBe("order_status");
  });

  it("names the file when a training file is malformed", async () => {
    const bad = mkdtempSync(join(tmpdir(), "nlu-bad-"));
    writeFileSync(join(bad, "broken.json"), JSON.stringify({ intent: "x", examples: [] }));
    await expect(createNluEngine({ extraTrainingDir: bad })).rejects.toThrow(/broken\.json/);
    rmSync(bad, { recursive: true, force: true });
  });

  it("loads a saved model instead of retraining", async () => {
    const modelDir = mkdtempSync(join(tmpdir(), "nlu-model-"));
    const path = join(modelDir, "model.json");
    await engine.save(path);
    const loaded = await createNluEngine({ modelPath: path });
    expect(loaded.trainingMs).toBeLessThan(engine.trainingMs);
    expect(loaded.predict("please cancel my order").intent).toBe("cancel_order");
    expect(loaded.predict("where is my order #1042").confidence).toBeCloseTo(
      engine.predict("where is my order #1042").confidence,
      5,
    );
    rmSync(modelDir, { recursive: true, force: true });
  });
});

describe("real phrasing", () => {
  it("leads with the first of two requests and reports the other as secondary", () => {
    const u = engine.predict(
      "Could you tell me if my refund has been processed? Also, I'd like to swap a pair of socks for a different size.",
    );
    expect(u.intent).toBe("refund_status");
    expect(u.secondary?.intent).toBe("return_request");
    const v = engine.predict(
      "What are your opening hours on Saturday, and is there parking near the Bristol shop?",
    );
    expect(v.intent).toBe("store_hours");
    expect(v.secondary?.intent).toBe("store_location");
  });

  it("reads a spoken transcript through its fillers and repeats", () => {
    expect(engine.predict("um yeah so er I need to er cancel my my order").intent).toBe("cancel_order");
  });

  it("reads another company's account or parcel as out_of_scope, but not a price-match question", () => {
    expect(engine.predict("how do I reset my gmail password").intent).toBe("out_of_scope");
    expect(engine.predict("my Amazon parcel hasn't come").intent).toBe("out_of_scope");
    // Asked politely of us, but the parcel is still the other company's.
    expect(engine.predict("could you find out where my eBay order has got to").intent).toBe("out_of_scope");
    expect(engine.predict("can you help me reset my Gmail password please").intent).toBe("out_of_scope");
    expect(engine.predict("I saw it cheaper on Amazon, will you match that").intent).toBe("promotions");
  });

  it("reads a repair or fault with something bought elsewhere as out_of_scope, and the same fault with our item as ours", () => {
    expect(
      engine.predict("The toaster I got at a different shop burns everything now, how do I fix it?").intent,
    ).toBe("out_of_scope");
    expect(engine.predict("The toaster I ordered from you arrived with a dent in the side.").intent).toBe(
      "delivery_problem",
    );
  });

  it("keeps both requests when the second is joined by 'and I want to'", () => {
    const u = engine.predict(
      "I want to cancel the lamp order, and I want to know when the bookcase is coming.",
    );
    expect(u.intent).toBe("cancel_order");
    expect(["delivery_window", "order_status"]).toContain(u.secondary?.intent);
  });

  it("is less confident about a vague message than a clear one", () => {
    // The ranking keeps the classifier's own scores, so a caller can see how unsure the reading was
    // and ask a clarifying question instead of acting on a guess.
    const vague = engine.predict("it's about the thing");
    const clear = engine.predict("please cancel my order");
    expect(vague.ranking[0]?.confidence).toBeLessThan(0.5);
    expect(clear.ranking[0]?.confidence).toBeGreaterThan(0.8);
    expect(clear.confidence).toBeGreaterThan(0.8);
  });
});
