export * from "./policy-source";
