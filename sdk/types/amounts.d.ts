// Types of @parley/sdk's amount helpers (src/amounts.js).

/** ISO 4217 minor-unit digits of common currencies. */
export declare const DIGITS: Readonly<Record<string, number>>;
/** The platform's limit for one amount, in major units. */
export declare const MAX_MAJOR: number;
export declare function exampleAmount(currency: string, digits?: number): string;
export declare function parseAmount(
  text: unknown,
  currency: string,
  options?: { max?: number; tooMuch?: string; digits?: number },
): { minor: number; error?: undefined } | { error: string; minor?: undefined };
export declare function formatAmount(minor: number, currency: string, digits?: number): string;
export declare function splitEvenly(total: number, n: number): number[];
