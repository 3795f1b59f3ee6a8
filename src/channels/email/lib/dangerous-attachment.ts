// Types a mail client or browser may run when opened: kept as metadata, never as bytes we serve.
const DANGEROUS_EXTENSIONS = new Set([
  "exe",
  "com",
  "scr",
  "pif",
  "bat",
  "cmd",
  "msi",
  "msp",
  "dll",
  "cpl",
  "jar",
  "js",
  "jse",
  "vbs",
  "vbe",
  "wsf",
  "wsh",
  "ps1",
  "psm1",
  "hta",
  "lnk",
  "reg",
  "iso",
  "img",
  "vhd",
  "apk",
  "app",
  "dmg",
  "sh",
  "html",
  "htm",
  "xhtml",
  "svg",
  "docm",
  "xlsm",
  "pptm",
]);
const DANGEROUS_TYPES = [
  "application/x-msdownload",
  "application/x-dosexec",
  "application/x-msdos-program",
  "application/java-archive",
  "application/javascript",
  "text/javascript",
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "application/x-sh",
  "application/vnd.microsoft.portable-executable",
];

/** By the name's last extension (and a double one like "invoice.pdf.exe") or the declared type. */
export function isDangerousAttachment(filename: string, contentType: string): boolean {
  const extension =
    filename
      .toLowerCase()
      .trim()
      .replace(/[.\s]+$/, "")
      .split(".")
      .at(-1) ?? "";
  if (filename.includes(".") && DANGEROUS_EXTENSIONS.has(extension)) return true;
  return DANGEROUS_TYPES.includes(contentType.toLowerCase().split(";")[0]?.trim() ?? "");
}
