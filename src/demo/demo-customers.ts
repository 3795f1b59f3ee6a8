import type { IdentityClaim } from "../customers";

/** Fictional shoppers; phone numbers are from the ranges reserved for fiction. */
export const DEMO_CUSTOMERS: {
  key: string;
  displayName: string;
  tier: string;
  locale: string;
  identities: IdentityClaim[];
  verified?: boolean;
}[] = [
  {
    key: "maya",
    displayName: "Maya Chen",
    tier: "gold",
    locale: "en-US",
    verified: true,
    identities: [
      { kind: "email", value: "maya.chen@example.com" },
      { kind: "phone", value: "+1 212 555 0143" },
      { kind: "loyalty", value: "LOY-100234" },
      { kind: "device", value: "web-7f3a9c", level: "anonymous" },
    ],
  },
  {
    key: "james",
    displayName: "James O'Connor",
    tier: "standard",
    locale: "en-GB",
    identities: [
      { kind: "email", value: "james.oconnor@example.co.uk" },
      { kind: "phone", value: "+44 20 7946 0321" },
      { kind: "external", system: "oms", value: "C-55120" },
    ],
  },
  {
    key: "priya",
    displayName: "Priya Raman",
    tier: "platinum",
    locale: "en-US",
    identities: [
      { kind: "email", value: "priya.raman@example.com" },
      { kind: "phone", value: "+1 415 555 0188" },
      { kind: "social", system: "instagram", value: "@priya.styles" },
    ],
  },
  {
    key: "luis",
    displayName: "Luis Ortega",
    tier: "standard",
    locale: "en-US",
    identities: [
      { kind: "email", value: "luis.ortega@example.com" },
      { kind: "device", value: "app-ios-3321", level: "anonymous" },
    ],
  },
  {
    key: "hannah",
    displayName: "Hannah Becker",
    tier: "silver",
    locale: "en-US",
    identities: [
      { kind: "email", value: "hannah.becker@example.com" },
      { kind: "phone", value: "+1 312 555 0127" },
      { kind: "loyalty", value: "LOY-100871" },
    ],
  },
];

/** A short cross-channel history per customer, oldest first; hours are relative to now. */
export const DEMO_CONTACTS: {
  customer: string;
  channel: string;
  hoursAgo: number;
  text: string;
  orderRef?: string;
  topic?: string;
}[] = [
  {
    customer: "maya",
    channel: "web_chat",
    hoursAgo: 30,
    text: "Hi, order 1001 still says processing. When will it ship?",
    orderRef: "1001",
    topic: "order",
  },
  {
    customer: "maya",
    channel: "voice",
    hoursAgo: 6,
    text: "Calling again about order 1001, it was promised for yesterday.",
    orderRef: "1001",
    topic: "order",
  },
  {
    customer: "james",
    channel: "email",
    hoursAgo: 50,
    text: "The jacket from order 1004 is too small. Can I exchange it for a large?",
    orderRef: "1004",
    topic: "order",
  },
  {
    customer: "priya",
    channel: "sms",
    hoursAgo: 3,
    text: "Is the Union Square store open late today?",
    topic: "store",
  },
  {
    customer: "luis",
    channel: "mobile",
    hoursAgo: 12,
    text: "Do you have the trail runners in size 10 near me?",
    topic: "product",
  },
  {
    customer: "hannah",
    channel: "web_chat",
    hoursAgo: 80,
    text: "I'd like to return the lamp from order 1007.",
    orderRef: "1007",
    topic: "order",
  },
];
