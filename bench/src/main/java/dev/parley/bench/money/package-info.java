/**
 * {@code ./parley bench money}: confirmed payments per second between random pairs of wallets
 * (closed-loop), their latency at half that rate from the scheduled send time (open-loop), and the
 * ledger's reconciliation afterwards, against a server process on the embedded H2 store and on
 * PostgreSQL. See bench/README.md ("money").
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.money;
