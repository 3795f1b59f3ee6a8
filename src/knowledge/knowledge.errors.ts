import { AppError, conflict, invalid, notFound } from "../core/errors";

export const entryNotFound = () => notFound("KNOWLEDGE_NOT_FOUND", "knowledge entry not found");
export const versionNotFound = (version: number) =>
  notFound("KNOWLEDGE_VERSION_NOT_FOUND", `version ${version} of this entry not found`);
export const nothingInForce = () =>
  notFound("KNOWLEDGE_NOT_IN_FORCE", "no version of this entry is in force at that time");
export const slugTaken = (slug: string) =>
  conflict("KNOWLEDGE_SLUG_TAKEN", `an entry with slug "${slug}" already exists`, { field: "slug" });
export const policyTypeTaken = (policyType: string, entryId: string) =>
  conflict(
    "KNOWLEDGE_POLICY_TYPE_TAKEN",
    `the ${policyType} policy already exists as entry ${entryId}; publish a new version of it instead`,
    { field: "policyType", details: { entryId } },
  );
export const policyTypeRequired = () =>
  invalid("KNOWLEDGE_POLICY_TYPE_REQUIRED", "policyType", "a policy needs a policyType");
export const policyTypeNotAllowed = () =>
  invalid("KNOWLEDGE_POLICY_TYPE_NOT_ALLOWED", "policyType", "only policies have a policyType");
export const paramsInvalid = (field: string, message: string) =>
  invalid("KNOWLEDGE_PARAMS_INVALID", field, `${field}: ${message}`);
export const effectiveRangeInvalid = (field: string, message: string) =>
  invalid("KNOWLEDGE_EFFECTIVE_RANGE_INVALID", field, message);
export const versionNotEditable = (version: number, status: string) =>
  conflict("KNOWLEDGE_VERSION_NOT_EDITABLE", `version ${version} is ${status}; only drafts can change`, {
    details: { version, status },
  });
export const invalidTransition = (version: number, from: string, to: string) =>
  conflict("KNOWLEDGE_INVALID_TRANSITION", `version ${version} is ${from} and cannot become ${to}`, {
    details: { version, status: from, requested: to },
  });
export const staleDraft = (version: number, basedOn: number | null, latest: number | null) =>
  conflict(
    "KNOWLEDGE_STALE_DRAFT",
    `version ${version} was started from version ${basedOn ?? "none"}, but version ${latest} has been published since; ` +
      "start a new draft from the latest version",
    { details: { version, basedOnVersion: basedOn, latestPublishedVersion: latest } },
  );
export const effectiveOverlap = (version: number, other: number, otherFrom: Date) =>
  conflict(
    "KNOWLEDGE_EFFECTIVE_OVERLAP",
    `version ${version} would be in force when scheduled version ${other} starts (${otherFrom.toISOString()}); ` +
      `archive version ${other} or end this version before it starts`,
    { details: { version, conflictingVersion: other, conflictingEffectiveFrom: otherFrom.toISOString() } },
  );
export const alreadyInEffect = (version: number) =>
  conflict(
    "KNOWLEDGE_ALREADY_IN_EFFECT",
    `version ${version} has taken effect; history is kept, so publish a new version or retire the entry`,
    { details: { version } },
  );
export const importInvalid = (problems: { path: string; field?: string; message: string }[]) =>
  new AppError(
    "invalid",
    "KNOWLEDGE_IMPORT_INVALID",
    `${problems.length} file(s) could not be imported; nothing was changed. First: ${problems[0]?.path}: ${problems[0]?.message}`,
    { field: "files", details: { problems } },
  );
export const bodyTooLarge = (max: number) =>
  new AppError("too_large", "KNOWLEDGE_BODY_TOO_LARGE", `the body is longer than ${max} characters`, {
    field: "body",
  });
export const kindChanged = (slug: string, current: string) =>
  invalid(
    "KNOWLEDGE_KIND_CHANGED",
    "kind",
    `entry "${slug}" is a ${current}; its kind or policy type cannot change`,
  );
