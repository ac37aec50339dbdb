package dev.parley.core.money.ledger;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import dev.parley.core.money.ledger.LedgerService.HistoryEntry;
import dev.parley.core.money.ledger.LedgerService.WalletBalance;
import dev.parley.core.money.ledger.Reconciliation.Difference;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's SQL, in one place: accounts and their balances (found, created, locked, changed
 * under the version read with the lock), transfers and their entries, a wallet's history, and the
 * reconciliation's checks. Each method runs on the client it is given (the pool, or a
 * transaction's connection), so that {@link LedgerService} composes its transactions and keeps its
 * rules; failures are left as the driver raised them (the service tells a unique violation or a
 * deadlock from them).
 */
final class LedgerRepository {

  private static final String TRANSFER_SELECT = "SELECT t.id, t.request_hash, t.kind, t.currency, t.amount, t.reference, "
      + "t.note, t.created_by, t.created_at, d.kind AS d_kind, d.owner_id AS d_owner, c.kind AS c_kind, "
      + "c.owner_id AS c_owner FROM transfers t JOIN ledger_accounts d ON d.id = t.debit_account "
      + "JOIN ledger_accounts c ON c.id = t.credit_account";

  private static final Statement TRANSFER_BY_KEY = sql(TRANSFER_SELECT + " WHERE t.idempotency_key = #{key}");
  private static final Statement INSERT_TRANSFER = sql(
      "INSERT INTO transfers (id, idempotency_key, request_hash, kind, "
          + "currency, amount, debit_account, credit_account, reference, note, created_by, created_at) VALUES (#{id}, #{key}, "
          + "#{hash}, #{kind}, #{currency}, #{amount}, #{debit}, #{credit}, #{reference}, #{note}, #{createdBy}, #{at})");
  /** Group commit: an account's new balance, at the version read under its lock. */
  private static final Statement SET_BALANCE = sql("UPDATE ledger_accounts SET balance = #{balance}, "
      + "version = #{newVersion} WHERE id = #{id} AND version = #{version}");
  private static final Statement INSERT_ENTRY = sql("INSERT INTO ledger_entries (id, transfer_id, account_id, amount, "
      + "created_at) VALUES (#{id}, #{transfer}, #{account}, #{amount}, #{at})");
  /** Statements with an IN list, by the list's length (a power of two, padded by repeating the last value). */
  private static final Map<Integer, Statement> LOCK_ACCOUNTS = new ConcurrentHashMap<>();
  private static final Map<Integer, Statement> TRANSFERS_BY_KEYS = new ConcurrentHashMap<>();

  private static final Statement BALANCE_BY_ID = sql("SELECT balance FROM ledger_accounts WHERE id = #{id}");
  private static final Statement ACCOUNT_ID = sql("SELECT id FROM ledger_accounts "
      + "WHERE kind = #{kind} AND owner_id = #{owner} AND currency = #{currency}");
  private static final Statement BALANCE = sql("SELECT balance FROM ledger_accounts "
      + "WHERE kind = #{kind} AND owner_id = #{owner} AND currency = #{currency}");
  private static final Statement INSERT_ACCOUNT = sql("INSERT INTO ledger_accounts (id, kind, owner_id, currency, "
      + "balance, version, created_at) VALUES (#{id}, #{kind}, #{owner}, #{currency}, 0, 0, #{at})");
  private static final Statement WALLETS = sql("SELECT currency, balance, version FROM ledger_accounts "
      + "WHERE kind = 'wallet' AND owner_id = #{owner} ORDER BY currency");

  private static final String HISTORY = "SELECT e.id, e.amount, e.created_at, "
      + "t.id AS t_id, t.kind AS t_kind, t.currency, t.amount AS t_amount, t.reference, t.note, t.created_by, "
      + "t.created_at AS t_created_at, d.kind AS d_kind, d.owner_id AS d_owner, c.kind AS c_kind, c.owner_id AS c_owner, "
      + "u.username, u.display_name, ap.name AS app_name, rp.sender_id, rs.display_name AS sender_name "
      + "FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id "
      + "JOIN transfers t ON t.id = e.transfer_id "
      + "JOIN ledger_accounts d ON d.id = t.debit_account JOIN ledger_accounts c ON c.id = t.credit_account "
      + "LEFT JOIN accounts u ON u.id = CASE WHEN e.account_id = t.debit_account THEN c.owner_id ELSE d.owner_id END "
      // the history in words: an app's name for its merchant account, a red packet's sender
      + "LEFT JOIN apps ap ON ap.id = CASE WHEN e.account_id = t.debit_account THEN c.owner_id ELSE d.owner_id END "
      + "AND (CASE WHEN e.account_id = t.debit_account THEN c.kind ELSE d.kind END) = 'merchant' "
      + "LEFT JOIN red_packets rp ON rp.id = CASE WHEN e.account_id = t.debit_account THEN c.owner_id "
      + "ELSE d.owner_id END AND (CASE WHEN e.account_id = t.debit_account THEN c.kind ELSE d.kind END) = 'escrow' "
      + "LEFT JOIN accounts rs ON rs.id = rp.sender_id "
      + "WHERE a.kind = 'wallet' AND a.owner_id = #{owner}";
  private static final String IN_CURRENCY = " AND a.currency = #{currency}";
  private static final String BEFORE = " AND (e.created_at < #{at} OR (e.created_at = #{at} AND e.id < #{id}))";
  private static final String NEWEST_FIRST = " ORDER BY e.created_at DESC, e.id DESC LIMIT #{limit}";
  private static final Statement HISTORY_ALL = sql(HISTORY + NEWEST_FIRST);
  private static final Statement HISTORY_IN_CURRENCY = sql(HISTORY + IN_CURRENCY + NEWEST_FIRST);
  private static final Statement HISTORY_BEFORE = sql(HISTORY + BEFORE + NEWEST_FIRST);
  private static final Statement HISTORY_IN_CURRENCY_BEFORE = sql(HISTORY + IN_CURRENCY + BEFORE + NEWEST_FIRST);

  private static final Statement COUNT_ACCOUNTS = sql("SELECT COUNT(*) AS n FROM ledger_accounts");
  private static final Statement COUNT_TRANSFERS = sql("SELECT COUNT(*) AS n FROM transfers");
  private static final Statement BALANCE_DIFFERENCES = sql("SELECT a.id, a.kind, a.owner_id, a.currency, a.balance, "
      + "CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS computed "
      + "FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id "
      + "GROUP BY a.id, a.kind, a.owner_id, a.currency, a.balance "
      + "HAVING a.balance <> COALESCE(SUM(e.amount), 0) OR (a.balance < 0 AND a.kind <> 'issuing') "
      + "ORDER BY a.id LIMIT " + LedgerService.MAX_DIFFERENCES);
  private static final String DEBITS = "SUM(CASE WHEN e.account_id = t.debit_account AND e.amount = -t.amount THEN 1 ELSE 0 END)";
  private static final String CREDITS = "SUM(CASE WHEN e.account_id = t.credit_account AND e.amount = t.amount THEN 1 ELSE 0 END)";
  private static final String FOREIGN = "SUM(CASE WHEN a.currency <> t.currency THEN 1 ELSE 0 END)";
  private static final Statement TRANSFER_DIFFERENCES = sql("SELECT t.id, t.amount, COUNT(e.id) AS n, "
      + "CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total, "
      + DEBITS + " AS debits, " + CREDITS + " AS credits, " + FOREIGN + " AS foreign_entries "
      + "FROM transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id "
      + "LEFT JOIN ledger_accounts a ON a.id = e.account_id GROUP BY t.id, t.amount "
      + "HAVING COUNT(e.id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0 OR " + DEBITS + " <> 1 OR " + CREDITS + " <> 1 OR "
      + FOREIGN + " <> 0 ORDER BY t.id LIMIT " + LedgerService.MAX_DIFFERENCES);
  private static final Statement CURRENCY_DIFFERENCES = sql("SELECT currency, CAST(SUM(balance) AS BIGINT) AS total "
      + "FROM ledger_accounts GROUP BY currency HAVING SUM(balance) <> 0 ORDER BY currency");

  /** A transfer as stored, with the hash of the request that made it. */
  record KeyedTransfer(String requestHash, Transfer transfer) {
  }

  /** An account's row: read under its lock before a transfer, or computed after one. */
  record AccountState(String id, AccountKind kind, String ownerId, String currency, long balance, long version) {
  }

  private static final RowMapper<KeyedTransfer> KEYED_TRANSFER = row -> new KeyedTransfer(
      row.getString("request_hash").trim(), new Transfer(row.getString("id"), TransferKind.of(row.getString("kind")),
          ref(row, "d_kind", "d_owner"), ref(row, "c_kind", "c_owner"), row.getLong("amount"),
          row.getString("reference"),
          row.getString("note"), row.getString("created_by"), row.getLong("created_at"), true));

  private static final RowMapper<AccountState> ACCOUNT_STATE = row -> new AccountState(row.getString("id"),
      AccountKind.of(row.getString("kind")), row.getString("owner_id"), row.getString("currency").trim(),
      row.getLong("balance"), row.getLong("version"));

  private static final RowMapper<WalletBalance> WALLET = row -> new WalletBalance(
      Currency.getInstance(row.getString("currency").trim()), row.getLong("balance"), row.getLong("version"));

  private static final RowMapper<HistoryEntry> HISTORY_ENTRY = row -> {
    Transfer t = new Transfer(row.getString("t_id"), TransferKind.of(row.getString("t_kind")),
        ref(row, "d_kind", "d_owner"), ref(row, "c_kind", "c_owner"), row.getLong("t_amount"),
        row.getString("reference"),
        row.getString("note"), row.getString("created_by"), row.getLong("t_created_at"), false);
    long amount = row.getLong("amount");
    AccountRef other = amount < 0 ? t.to() : t.from();
    JsonObject counterparty = new JsonObject().put("kind", other.kind().key()).put("ownerId", other.ownerId());
    if (other.kind() == AccountKind.WALLET && row.getString("username") != null) {
      counterparty.put("username", row.getString("username")).put("displayName", row.getString("display_name"));
    }
    if (other.kind() == AccountKind.MERCHANT && row.getString("app_name") != null) {
      counterparty.put("name", row.getString("app_name"));
    }
    if (other.kind() == AccountKind.ESCROW && row.getString("sender_id") != null) {
      counterparty.put("senderId", row.getString("sender_id")).put("senderName", row.getString("sender_name"));
    }
    return new HistoryEntry(row.getString("id"), t, amount, counterparty, row.getLong("created_at"));
  };

  private static final RowMapper<Difference> BALANCE_DIFFERENCE = row -> {
    Currency c = Currency.getInstance(row.getString("currency").trim());
    long stored = row.getLong("balance");
    long computed = row.getLong("computed");
    String account = "account " + row.getString("id") + " (" + row.getString("kind") + " of "
        + row.getString("owner_id")
        + ", " + c.getCurrencyCode() + ")";
    return new Difference("balance", row.getString("id"), computed, stored, stored != computed
        ? account + ": stored balance " + Money.format(c, stored) + " but its entries sum to "
            + Money.format(c, computed)
        : account + ": balance " + Money.format(c, stored) + " is below zero");
  };

  private static final RowMapper<Difference> TRANSFER_DIFFERENCE = row -> {
    long n = row.getLong("n");
    long total = row.getLong("total");
    return new Difference("transfer", row.getString("id"), 0, total, "transfer " + row.getString("id")
        + " has " + n + " entries summing to " + total + " (expected 2 entries, a debit of its debit account and a "
        + "credit of its credit account in its currency, summing to 0)");
  };

  private static final RowMapper<Difference> CURRENCY_DIFFERENCE = row -> {
    Currency c = Currency.getInstance(row.getString("currency").trim());
    long total = row.getLong("total");
    return new Difference("currency", c.getCurrencyCode(), 0, total, "the balances in " + c.getCurrencyCode()
        + " sum to " + Money.format(c, total) + " instead of 0");
  };

  // ---- transfers ----

  /** The transfer made with idempotency key {@code key}, if any. */
  Future<Optional<KeyedTransfer>> transferByKey(SqlClient client, String key) {
    return TRANSFER_BY_KEY.first(client, params("key", key), KEYED_TRANSFER);
  }

  // ---- group commit: many transfers in one transaction ----

  /**
   * Locks the accounts' rows in id order (so that two batches cannot deadlock on each other) and
   * reads them, in one statement; an id without a row is missing from the answer.
   */
  Future<Map<String, AccountState>> lockAll(SqlClient tx, Collection<String> accountIds) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(accountIds));
    Statement statement = LOCK_ACCOUNTS.computeIfAbsent(padded(sorted.size()),
        n -> sql("SELECT id, kind, owner_id, currency, balance, version FROM ledger_accounts WHERE id IN ("
            + inList("id", n) + ") ORDER BY id FOR UPDATE"));
    return statement.list(tx, inParams("id", sorted), ACCOUNT_STATE).map(rows -> {
      Map<String, AccountState> byId = new HashMap<>();
      rows.forEach(a -> byId.put(a.id(), a));
      return byId;
    });
  }

  /** The transfers already made with any of {@code keys}, by key. */
  Future<Map<String, KeyedTransfer>> transfersByKeys(SqlClient tx, Collection<String> keys) {
    List<String> distinct = new ArrayList<>(new TreeSet<>(keys));
    Statement statement = TRANSFERS_BY_KEYS.computeIfAbsent(padded(distinct.size()),
        n -> sql("SELECT t.idempotency_key, " + TRANSFER_SELECT.substring("SELECT ".length())
            + " WHERE t.idempotency_key IN (" + inList("key", n) + ")"));
    return statement.execute(tx, inParams("key", distinct)).map(rows -> {
      Map<String, KeyedTransfer> byKey = new HashMap<>();
      for (Row row : rows) {
        byKey.put(row.getString("idempotency_key"), KEYED_TRANSFER.map(row));
      }
      return byKey;
    });
  }

  /** An account's balance and version after a batch, and the version its lock read. */
  record NewBalance(String accountId, long version, long balance, long newVersion) {
  }

  /** Sets each account's balance, only at the version read under its lock; true when every row changed. */
  Future<Boolean> setBalances(SqlClient tx, List<NewBalance> balances) {
    List<Map<String, Object>> batch = new ArrayList<>(balances.size());
    for (NewBalance b : balances) {
      batch.add(params("id", b.accountId(), "version", b.version(), "balance", b.balance(), "newVersion",
          b.newVersion()));
    }
    return SET_BALANCE.batchCounts(tx, batch).map(counts -> counts.size() == balances.size()
        && counts.stream().allMatch(n -> n == 1));
  }

  /** A transfer to insert with its entries. */
  record NewTransfer(String id, TransferRequest request, String hash, String debitId, String creditId,
      String debitEntryId, String creditEntryId, long at) {
  }

  /** Inserts the transfers, then their two entries each, as two batches. */
  Future<Void> insertTransfers(SqlClient tx, List<NewTransfer> transfers) {
    List<Map<String, Object>> rows = new ArrayList<>(transfers.size());
    List<Map<String, Object>> entries = new ArrayList<>(transfers.size() * 2);
    for (NewTransfer t : transfers) {
      TransferRequest r = t.request();
      rows.add(params("id", t.id(), "key", r.idempotencyKey(), "hash", t.hash(), "kind", r.kind().key(),
          "currency", r.currency().getCurrencyCode(), "amount", r.amount(), "debit", t.debitId(), "credit",
          t.creditId(), "reference", r.reference(), "note", r.note(), "createdBy", r.createdBy(), "at", t.at()));
      entries.add(params("id", t.debitEntryId(), "transfer", t.id(), "account", t.debitId(), "amount", -r.amount(),
          "at", t.at()));
      entries.add(params("id", t.creditEntryId(), "transfer", t.id(), "account", t.creditId(), "amount", r.amount(),
          "at", t.at()));
    }
    return INSERT_TRANSFER.batch(tx, rows).compose(v -> INSERT_ENTRY.batch(tx, entries));
  }

  // ---- group commit on PostgreSQL: one statement of each kind per batch, whatever its size ----
  // Arrays instead of IN lists and row-by-row batches: one prepared statement each (the pool's
  // statement cache keeps it), and PostgreSQL starts one executor per batch instead of one per row.

  private static final Statement LOCK_ANY = sql("SELECT id, kind, owner_id, currency, balance, version "
      + "FROM ledger_accounts WHERE id = ANY(#{ids}) ORDER BY id FOR UPDATE");
  private static final Statement TRANSFERS_BY_ANY_KEY = sql("SELECT t.idempotency_key, "
      + TRANSFER_SELECT.substring("SELECT ".length()) + " WHERE t.idempotency_key = ANY(#{keys})");
  private static final Statement SET_BALANCES = sql("UPDATE ledger_accounts a SET balance = v.balance, "
      + "version = v.new_version FROM unnest(#{ids}::varchar[], #{versions}::bigint[], #{balances}::bigint[], "
      + "#{newVersions}::bigint[]) AS v(id, version, balance, new_version) WHERE a.id = v.id AND a.version = v.version");
  private static final Statement INSERT_TRANSFERS = sql("INSERT INTO transfers (id, idempotency_key, request_hash, "
      + "kind, currency, amount, debit_account, credit_account, reference, note, created_by, created_at) "
      + "SELECT * FROM unnest(#{ids}::varchar[], #{keys}::varchar[], #{hashes}::char(64)[], #{kinds}::varchar[], "
      + "#{currencies}::char(3)[], #{amounts}::bigint[], #{debits}::varchar[], #{credits}::varchar[], "
      + "#{references}::varchar[], #{notes}::varchar[], #{createdBy}::varchar[], #{ats}::bigint[])");
  private static final Statement INSERT_ENTRIES = sql("INSERT INTO ledger_entries (id, transfer_id, account_id, "
      + "amount, created_at) SELECT * FROM unnest(#{ids}::varchar[], #{transfers}::varchar[], "
      + "#{accounts}::varchar[], #{amounts}::bigint[], #{ats}::bigint[])");

  /** {@link #lockAll} as one array statement (PostgreSQL). */
  Future<Map<String, AccountState>> lockAllArray(SqlClient tx, Collection<String> accountIds) {
    String[] sorted = new TreeSet<>(accountIds).toArray(String[]::new);
    return LOCK_ANY.list(tx, params("ids", sorted), ACCOUNT_STATE).map(rows -> {
      Map<String, AccountState> byId = new HashMap<>();
      rows.forEach(a -> byId.put(a.id(), a));
      return byId;
    });
  }

  /** {@link #transfersByKeys} as one array statement (PostgreSQL). */
  Future<Map<String, KeyedTransfer>> transfersByKeysArray(SqlClient tx, Collection<String> keys) {
    String[] distinct = new TreeSet<>(keys).toArray(String[]::new);
    return TRANSFERS_BY_ANY_KEY.execute(tx, params("keys", distinct)).map(rows -> {
      Map<String, KeyedTransfer> byKey = new HashMap<>();
      for (Row row : rows) {
        byKey.put(row.getString("idempotency_key"), KEYED_TRANSFER.map(row));
      }
      return byKey;
    });
  }

  /** {@link #setBalances} as one statement (PostgreSQL): true when every row changed. */
  Future<Boolean> setBalancesArray(SqlClient tx, List<NewBalance> balances) {
    int n = balances.size();
    String[] ids = new String[n];
    Long[] versions = new Long[n];
    Long[] values = new Long[n];
    Long[] newVersions = new Long[n];
    for (int i = 0; i < n; i++) {
      NewBalance b = balances.get(i);
      ids[i] = b.accountId();
      versions[i] = b.version();
      values[i] = b.balance();
      newVersions[i] = b.newVersion();
    }
    return SET_BALANCES.update(tx, params("ids", ids, "versions", versions, "balances", values, "newVersions",
        newVersions)).map(count -> count == n);
  }

  /** {@link #insertTransfers} as two statements (PostgreSQL): the transfers, then their entries. */
  Future<Void> insertTransfersArray(SqlClient tx, List<NewTransfer> transfers) {
    int n = transfers.size();
    String[] ids = new String[n];
    String[] keys = new String[n];
    String[] hashes = new String[n];
    String[] kinds = new String[n];
    String[] currencies = new String[n];
    Long[] amounts = new Long[n];
    String[] debits = new String[n];
    String[] credits = new String[n];
    String[] references = new String[n];
    String[] notes = new String[n];
    String[] createdBy = new String[n];
    Long[] ats = new Long[n];
    String[] entryIds = new String[2 * n];
    String[] entryTransfers = new String[2 * n];
    String[] entryAccounts = new String[2 * n];
    Long[] entryAmounts = new Long[2 * n];
    Long[] entryAts = new Long[2 * n];
    for (int i = 0; i < n; i++) {
      NewTransfer t = transfers.get(i);
      TransferRequest r = t.request();
      ids[i] = t.id();
      keys[i] = r.idempotencyKey();
      hashes[i] = t.hash();
      kinds[i] = r.kind().key();
      currencies[i] = r.currency().getCurrencyCode();
      amounts[i] = r.amount();
      debits[i] = t.debitId();
      credits[i] = t.creditId();
      references[i] = r.reference();
      notes[i] = r.note();
      createdBy[i] = r.createdBy();
      ats[i] = t.at();
      entryIds[2 * i] = t.debitEntryId();
      entryTransfers[2 * i] = t.id();
      entryAccounts[2 * i] = t.debitId();
      entryAmounts[2 * i] = -r.amount();
      entryAts[2 * i] = t.at();
      entryIds[2 * i + 1] = t.creditEntryId();
      entryTransfers[2 * i + 1] = t.id();
      entryAccounts[2 * i + 1] = t.creditId();
      entryAmounts[2 * i + 1] = r.amount();
      entryAts[2 * i + 1] = t.at();
    }
    // Sent together: the client pipelines them on the transaction's connection, in this order.
    Future<Integer> rows = INSERT_TRANSFERS.update(tx, params("ids", ids, "keys", keys, "hashes", hashes, "kinds",
        kinds, "currencies", currencies, "amounts", amounts, "debits", debits, "credits", credits, "references",
        references, "notes", notes, "createdBy", createdBy, "ats", ats));
    Future<Integer> entries = INSERT_ENTRIES.update(tx, params("ids", entryIds, "transfers", entryTransfers,
        "accounts", entryAccounts, "amounts", entryAmounts, "ats", entryAts));
    return Future.all(rows, entries).mapEmpty();
  }

  /** The next power of two: a few statements of each kind, whatever the batch's size. */
  private static int padded(int size) {
    return size <= 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
  }

  private static String inList(String name, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append("#{").append(name).append(i).append('}');
    }
    return sb.toString();
  }

  /** The values as {@code name0, name1…}, padded to the statement's length with the last value. */
  private static Map<String, Object> inParams(String name, List<String> values) {
    int n = padded(values.size());
    Map<String, Object> args = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      args.put(name + i, values.get(Math.min(i, values.size() - 1)));
    }
    return args;
  }

  // ---- accounts ----

  /** The id of the account {@code ref} names, if it exists. */
  Future<Optional<String>> accountId(SqlClient client, AccountRef ref) {
    return ACCOUNT_ID.first(client, account(ref), row -> row.getString("id"));
  }

  /** Inserts the account with a zero balance; fails with a unique violation when it exists already. */
  Future<Void> insertAccount(SqlClient client, String id, AccountRef ref, long at) {
    return INSERT_ACCOUNT.update(client, params("id", id, "kind", ref.kind().key(), "owner", ref.ownerId(),
        "currency", ref.currency().getCurrencyCode(), "at", at)).mapEmpty();
  }

  /** The balance of the account with id {@code accountId}, if it exists. */
  Future<Optional<Long>> balanceById(SqlClient client, String accountId) {
    return BALANCE_BY_ID.first(client, params("id", accountId), row -> row.getLong("balance"));
  }

  /** The balance of the account {@code ref} names, if it exists. */
  Future<Optional<Long>> balance(SqlClient client, AccountRef ref) {
    return BALANCE.first(client, account(ref), row -> row.getLong("balance"));
  }

  /** A user's wallets, by currency code. */
  Future<List<WalletBalance>> wallets(SqlClient client, String userId) {
    return WALLETS.list(client, params("owner", userId), WALLET);
  }

  private static Map<String, Object> account(AccountRef ref) {
    return params("kind", ref.kind().key(), "owner", ref.ownerId(), "currency", ref.currency().getCurrencyCode());
  }

  // ---- history ----

  /** Where a page of history starts: entries strictly older than this entry. */
  record HistoryCursor(long createdAt, String entryId) {
  }

  /**
   * Up to {@code limit} entries of a user's wallets, newest first.
   *
   * @param currency a currency code, or empty for every wallet
   * @param before the entry the page starts after, or empty for the newest
   */
  Future<List<HistoryEntry>> history(SqlClient client, String userId, String currency, Optional<HistoryCursor> before,
      int limit) {
    Map<String, Object> args = params("owner", userId, "limit", (long) limit);
    if (!currency.isEmpty()) {
      args.put("currency", currency);
    }
    before.ifPresent(c -> {
      args.put("at", c.createdAt());
      args.put("id", c.entryId());
    });
    Statement statement = currency.isEmpty()
        ? before.isEmpty() ? HISTORY_ALL : HISTORY_BEFORE
        : before.isEmpty() ? HISTORY_IN_CURRENCY : HISTORY_IN_CURRENCY_BEFORE;
    return statement.list(client, args, HISTORY_ENTRY);
  }

  // ---- reconciliation ----

  Future<Long> countAccounts(SqlClient client) {
    return COUNT_ACCOUNTS.first(client, params(), row -> row.getLong("n")).map(Optional::orElseThrow);
  }

  Future<Long> countTransfers(SqlClient client) {
    return COUNT_TRANSFERS.first(client, params(), row -> row.getLong("n")).map(Optional::orElseThrow);
  }

  /** Accounts whose stored balance is not the sum of their entries, or below zero though not issuing. */
  Future<List<Difference>> balanceDifferences(SqlClient client) {
    return BALANCE_DIFFERENCES.list(client, params(), BALANCE_DIFFERENCE);
  }

  /** Transfers without exactly their two entries (debit and credit, in their currency) summing to zero. */
  Future<List<Difference>> transferDifferences(SqlClient client) {
    return TRANSFER_DIFFERENCES.list(client, params(), TRANSFER_DIFFERENCE);
  }

  /** Currencies whose balances do not sum to zero. */
  Future<List<Difference>> currencyDifferences(SqlClient client) {
    return CURRENCY_DIFFERENCES.list(client, params(), CURRENCY_DIFFERENCE);
  }

  private static AccountRef ref(Row r, String kind, String owner) {
    return new AccountRef(AccountKind.of(r.getString(kind)), r.getString(owner),
        Currency.getInstance(r.getString("currency").trim()));
  }
}
