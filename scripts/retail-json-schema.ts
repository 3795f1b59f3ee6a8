/** Prints the JSON Schema of Throughline's retail import formats (pasted into docs/retail-data.md). */
import { z } from "zod";
import { inventoryRecord, orderRecord, postalCodeRecord, productRecord, storeRecord } from "../src/connectors";

const schemas = { order: orderRecord, product: productRecord, store: storeRecord, inventory: inventoryRecord, postalCode: postalCodeRecord };
for (const [name, schema] of Object.entries(schemas)) {
  console.log(`### ${name}\n\n\`\`\`json\n${JSON.stringify(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), null, 2)}\n\`\`\`\n`);
}
