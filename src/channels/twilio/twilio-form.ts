import { z } from "zod";
import { isStorableText } from "../../http/plugins/storable-text";

/** One form field as the provider sends it: text a database can hold, bounded. */
export const formText = (max: number) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, "contains characters that are not allowed");

export const sidField = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "a provider SID (two letters, 32 hex digits)");

/** The fields every provider webhook carries; the rest of the form passes through unvalidated. */
export const twilioBaseForm = {
  AccountSid: sidField,
};

export const twimlResponse = z.string().describe("TwiML (text/xml)");

/** The workspace a webhook URL is for, by slug: each workspace has its own set of URLs. */
export const workspaceParam = z.strictObject({ workspace: z.string().min(1).max(64).describe("The workspace's slug") });
