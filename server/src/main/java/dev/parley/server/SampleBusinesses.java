package dev.parley.server;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.boot.Platform;
import dev.parley.core.business.Business;
import dev.parley.samples.business.SampleBots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The four sample businesses (energy provider, bank, shop, airline), started after the server is
 * ready so that they never delay it. Created and verified once, owned by the care-demo account
 * {@value #OWNER} (a business's owner is its supervisor in the care inbox); at every start their
 * bots (dev.parley.samples.business, which use only the Business API and signed webhooks) listen on
 * a loopback port, and each business gets a fresh API key (the previous sample key revoked: only a
 * key's hash is stored) and its own webhook endpoint moved to that port. A failure is logged and
 * leaves the server as it is.
 */
final class SampleBusinesses {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SampleBusinesses.class);
  /** The care-demo account that owns the sample businesses (README, "Sample businesses"). */
  static final String OWNER = "dana";
  static final String OWNER_PASSWORD = "parley-care-demo";
  private static final String KEY_NAME = "sample bot";
  private static final String PRIVACY = "https://parley.dev/samples/privacy";

  private SampleBusinesses() {
  }

  /** Seeds what is missing and starts the bots; the bots, to close with the server. */
  static Future<SampleBots> start(Vertx vertx, Platform platform, String parleyUrl) {
    long t0 = System.nanoTime();
    return SampleBots.listen(vertx, parleyUrl).compose(bots -> {
      platform.webhooks().trustOwnReceiver(bots.port());
      return platform.accounts().systemAccount().compose(system -> owner(platform).compose(owner -> {
        Actor parley = new Actor(Optional.of(system), Optional.empty());
        Future<Void> done = Future.succeededFuture();
        for (SampleBots.Business sample : SampleBots.businesses()) {
          done = done.compose(v -> seed(platform, bots, parley, owner, sample)
              .onFailure(e -> LOG.warn("sample business {} not started: {}", sample.handle(), e.getMessage()))
              .otherwiseEmpty());
        }
        return done;
      })).map(bots).onSuccess(x -> LOG.info("sample businesses ready ms={}", (System.nanoTime() - t0) / 1_000_000))
          .recover(e -> bots.close().transform(x -> Future.failedFuture(e)));
    });
  }

  /** The care-demo account, signed up at the first start. */
  private static Future<Account> owner(Platform platform) {
    return platform.accounts().search(OWNER, 5).compose(found -> {
      Optional<Account> dana = found.stream().filter(a -> a.username().equals(OWNER)).findFirst();
      return dana.isPresent()
          ? Future.succeededFuture(dana.get())
          : platform.accounts().signUp(OWNER, "Dana (care demo)", OWNER_PASSWORD, "127.0.0.1")
              .compose(signedIn -> platform.accounts().find(signedIn.account().id()));
    });
  }

  private static Future<Void> seed(Platform platform, SampleBots bots, Actor parley, Account owner,
      SampleBots.Business sample) {
    return business(platform, parley, owner, sample).compose(b -> key(platform, owner, b)
        .compose(key -> endpoint(platform, bots, b).compose(secret -> bots.attach(b.handle(), key, secret)))
        .compose(v -> approveTemplates(platform, parley, b)));
  }

  /** The business, created and verified the first time. */
  private static Future<Business> business(Platform platform, Actor parley, Account owner,
      SampleBots.Business sample) {
    return platform.businesses().mine(owner.id()).compose(mine -> {
      Optional<Business> found = mine.stream().filter(b -> b.handle().equals(sample.handle())).findFirst();
      Future<Business> created = found.isPresent()
          ? Future.succeededFuture(found.get())
          : platform.businesses().create(owner, new JsonObject().put("handle", sample.handle())
              .put("name", sample.name()).put("category", sample.category())
              .put("description", sample.description()).put("privacyUrl", PRIVACY));
      return created.compose(b -> Business.PENDING.equals(b.status())
          ? platform.businesses().review(parley, b.id(), "approve", Optional.empty())
          : Future.succeededFuture(b));
    });
  }

  /** A fresh key for this run's bot; the previous runs' sample keys are revoked. */
  private static Future<String> key(Platform platform, Account owner, Business b) {
    return platform.businesses().keys(owner, b.id()).compose(keys -> {
      Future<Void> revoked = Future.succeededFuture();
      for (Object o : keys) {
        JsonObject k = (JsonObject) o;
        if (KEY_NAME.equals(k.getString("name")) && k.getValue("revokedAt") == null) {
          revoked = revoked.compose(v -> platform.businesses().revokeKey(owner, b.id(), k.getString("id"))
              .otherwiseEmpty());
        }
      }
      return revoked;
    }).compose(v -> platform.businesses().createKey(owner, b.id(), KEY_NAME)).map(k -> k.getString("key"));
  }

  /** The business's endpoint of the sample bot, at this run's port; its secret. */
  private static Future<String> endpoint(Platform platform, SampleBots bots, Business b) {
    String url = bots.webhookUrl(b.handle());
    return platform.webhooks().endpoints(b.id()).compose(endpoints -> endpoints.stream()
        .filter(e -> e.getString("url", "").startsWith("http://127.0.0.1:")
            && e.getString("url", "").endsWith("/webhooks/" + b.handle()))
        .findFirst()
        .map(e -> platform.webhooks().moveOwn(b.id(), e.getString("id"), url))
        .orElseGet(() -> platform.webhooks().createOwn(b.id(), url)))
        .map(e -> e.getString("secret"));
  }

  /** The templates the bot registered (pending) are approved, as an admin would. */
  private static Future<Void> approveTemplates(Platform platform, Actor parley, Business b) {
    String reviewer = parley.account().orElseThrow().id();
    return platform.businessTemplates().ofBusiness(b.id()).compose(templates -> {
      Future<Void> done = Future.succeededFuture();
      for (var t : templates) {
        if ("pending".equals(t.status())) {
          done = done.compose(v -> platform.businessTemplates().review(reviewer, t.id(), true, "", "")
              .<Void>mapEmpty().otherwiseEmpty());
        }
      }
      return done;
    });
  }
}
