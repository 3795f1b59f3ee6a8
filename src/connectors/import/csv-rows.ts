import { WEEKDAYS } from "../retail-records";

/**
 * CSV rows (header names lower-cased) → Throughline's record shape, before validation.
 * Stores: code,name,kind,line1,line2,city,region,postal_code,country,latitude,longitude,timezone,
 * phone,services,mon..sun,holidays. A day is "09:00-21:00", "10:00-14:00;15:00-19:00" or
 * "closed"/empty. Holidays: "2026-12-25=closed;2026-12-24=10:00-16:00" (an optional name after "|").
 */
const blankToUndefined = (value: string | undefined) => (value === undefined || value === "" ? undefined : value);
const numberOrRaw = (value: string | undefined) => {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
};

function periods(value: string): { open: string; close: string }[] | string {
  const text = value.trim().toLowerCase();
  if (text === "" || text === "closed") return [];
  return text.split(";").map((part) => {
    const [open, close] = part.split("-").map((t) => t.trim());
    return { open: open ?? "", close: close ?? "" };
  });
}

export function storeFromCsv(row: Record<string, string>): unknown {
  const hours: Record<string, unknown> = {};
  for (const day of WEEKDAYS) {
    const value = row[day];
    if (value !== undefined) {
      const parsed = periods(value);
      if (Array.isArray(parsed) && parsed.length) hours[day] = parsed;
    }
  }
  const holidays = (row.holidays ?? "")
    .split(";")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [main, name] = entry.split("|");
      const [date, rest = "closed"] = (main ?? "").split("=");
      const parsed = periods(rest);
      return {
        date: date?.trim(),
        name: blankToUndefined(name?.trim()),
        closed: Array.isArray(parsed) && parsed.length === 0,
        periods: parsed,
      };
    });
  return {
    code: row.code,
    name: row.name,
    kind: blankToUndefined(row.kind),
    address: {
      line1: row.line1 ?? row.address,
      line2: blankToUndefined(row.line2),
      city: row.city,
      region: blankToUndefined(row.region),
      postalCode: row.postal_code ?? "",
      country: blankToUndefined(row.country?.toUpperCase()),
    },
    latitude: numberOrRaw(row.latitude),
    longitude: numberOrRaw(row.longitude),
    timezone: row.timezone,
    phone: blankToUndefined(row.phone),
    services: (row.services ?? "")
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean),
    hours,
    holidays,
  };
}

export function inventoryFromCsv(row: Record<string, string>): unknown {
  return { sku: row.sku, location: row.location ?? row.store, quantity: row.quantity };
}

export function postalCodeFromCsv(row: Record<string, string>): unknown {
  return {
    country: row.country?.toUpperCase(),
    postalCode: row.postal_code,
    latitude: row.latitude,
    longitude: row.longitude,
  };
}
