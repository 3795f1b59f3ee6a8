import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { Role } from "./roles";

export const staffUsers = pgTable("staff_users", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  email: text().notNull(),
  name: text().notNull(),
  role: text().$type<Role>().notNull(),
  /** scrypt$N$r$p$salt$hash */
  passwordHash: text().notNull(),
  disabledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const apiKeys = pgTable("api_keys", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  name: text().notNull(),
  role: text().$type<Role>().notNull(),
  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1). */
  keyHash: text().notNull(),
  /** First characters of the key, shown in listings so a key can be recognised without revealing it. */
  keyPrefix: text().notNull(),
  createdBy: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

export const sessions = pgTable("sessions", {
  id: text().primaryKey(),
  workspaceId: text().notNull(),
  userId: text().notNull(),
  tokenHash: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  revokedAt: timestamp({ withTimezone: true }),
});
