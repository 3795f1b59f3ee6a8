export type WorkspaceSettings = {
  /** Hours a verified identity stays trusted on every channel. */
  verificationTrustHours: number;
  /** Hours of inactivity after which a new contact opens a new case instead of continuing one. */
  caseRecencyHours: number;
  /** ISO 3166 country for phone numbers written without a country code. */
  defaultRegion: string;
  /** IANA time zone for reporting and business hours. */
  timezone: string;
  /** Site origins (https://shop.example) allowed to embed the chat widget. */
  widgetOrigins: string[];
};

export type Workspace = {
  id: string;
  slug: string;
  name: string;
  settings: WorkspaceSettings;
  createdAt: Date;
};
