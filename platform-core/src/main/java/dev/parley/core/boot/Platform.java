package dev.parley.core.boot;

import com.github.benmanes.caffeine.cache.Cache;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.AccountsApi;
import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.ClientAddresses;
import dev.parley.core.accounts.PasswordHasher;
import dev.parley.core.apps.broker.Broker;
import dev.parley.core.apps.broker.BrokerApi;
import dev.parley.core.apps.broker.BrokerHost;
import dev.parley.core.apps.broker.Installations;
import dev.parley.core.apps.media.MediaApi;
import dev.parley.core.apps.pages.AppPages;
import dev.parley.core.apps.pages.LaunchSigner;
import dev.parley.core.apps.pages.PagesApi;
import dev.parley.core.apps.permissions.Consents;
import dev.parley.core.apps.registry.Launcher;
import dev.parley.core.apps.registry.RegistryApi;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.UsageLog;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.chat.ChatApi;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.LiveHub;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.web.OpenApiValidation;
import dev.parley.core.common.web.OperationsApi;
import dev.parley.core.common.web.RequestLocale;
import dev.parley.core.common.web.RouteSet;
import dev.parley.core.common.web.ServerTime;
import dev.parley.core.common.web.WebRoutes;
import dev.parley.core.money.gifting.AppRedPackets;
import dev.parley.core.money.gifting.RedPackets;
import dev.parley.core.money.gifting.RedPacketsApi;
import dev.parley.core.money.ledger.LedgerApi;
import dev.parley.core.money.ledger.LedgerService;
import dev.parley.core.money.ledger.TestCardProvider;
import dev.parley.core.money.payments.AppPayments;
import dev.parley.core.money.payments.PaymentService;
import dev.parley.core.money.payments.PaymentsApi;
import dev.parley.core.search.SearchApi;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.runtime.RuntimeInfo;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The platform core, assembled: the database, the services, and the HTTP API with its health and
 * metrics endpoints. The server mounts {@link #router()} and adds the web clients.
 */
public final class Platform {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Platform.class);
  /** The OpenAPI document of the developer and admin APIs, on the class path. */
  public static final String OPENAPI = "dev/parley/core/apps/registry/openapi.yaml";

  private final Vertx vertx;
  private final PlatformOptions options;
  private final Database db;
  private final AccountService accounts;
  private final ChatService chat;
  private final dev.parley.core.chat.MessageActions messageActions;
  /** Who else may send interactive content besides businesses' bots (marked senderKind bot): nobody by default. */
  private volatile java.util.function.Predicate<dev.parley.core.accounts.Account> interactiveSenders = a -> false;
  private final LiveHub hub;
  private final Authn authn;
  private final AuditLog audit;
  private final UsageLog usage;
  private final RegistryService registry;
  private final Launcher launcher;
  private final LaunchSigner signer;
  private final Installations installations;
  private final Consents consents;
  private final BrokerHost brokerHost;
  private final Broker broker;
  private final dev.parley.core.apps.registry.DevVersions devVersions;
  private final LedgerService ledger;
  private final RedPackets redPackets;
  private final PaymentService payments;
  private final dev.parley.core.search.MessageSearch messageSearch;
  private final dev.parley.core.apps.media.MediaStore media;
  private final dev.parley.core.apps.broker.AppFiles appFiles;
  private final Clock clock;
  private final dev.parley.core.attachments.Attachments attachments;
  private final dev.parley.core.links.LinkPreviews linkPreviews;
  private final dev.parley.core.chat.Mutes mutes;
  private final dev.parley.core.chat.MessengerFeatures messenger;
  private final dev.parley.core.push.Push push;
  private final dev.parley.core.accounts.PasswordForgotten forgotten;
  private final dev.parley.core.safety.Blocks blocks;
  private final dev.parley.core.safety.Reports reports;
  private final dev.parley.core.safety.Moderation moderation;
  /** Business webhooks (issue 21): the outbox and its delivery worker. */
  private final dev.parley.core.business.webhooks.Webhooks webhooks;
  private long linkPreviewPurgeTimer = -1;
  private final Promise<MiniAppRuntime> runtimeReady = Promise.promise();
  private final java.util.concurrent.atomic.AtomicBoolean runtimeStarting = new java.util.concurrent.atomic.AtomicBoolean();
  private OpenApiValidation contract;
  private long releaseTimer = -1;
  private Optional<String> setupToken = Optional.empty();
  private final java.util.concurrent.atomic.AtomicReference<MiniAppRuntime> runtime = new java.util.concurrent.atomic.AtomicReference<>();
  private volatile boolean closed;
  // Businesses (issue 21): accounts, bots, the directory and the Business API.
  private dev.parley.core.business.Businesses businesses;
  private dev.parley.core.business.BusinessConversations businessConversations;
  private dev.parley.core.business.consent.Consents businessConsents;
  private dev.parley.core.business.consent.Templates businessTemplates;
  private dev.parley.core.business.consent.Keywords businessKeywords;
  /** Customer care (issue 22): the inbox, handover between bot and agents, SLAs, CSAT. */
  private dev.parley.core.business.care.Care care;
  /** Profiles, avatars, presence and the account's locale (issue 17). */
  private final dev.parley.core.profiles.Profiles profiles;

  private Platform(Vertx vertx, PlatformOptions options, Database db, Clock clock, IdGenerator ids,
      dev.parley.core.search.MessageSearch messageSearch,
      dev.parley.core.attachments.Attachments.Prepared attachmentsPrepared) {
    this.vertx = vertx;
    this.options = options;
    this.db = db;
    this.messageSearch = messageSearch;
    this.accounts = new AccountService(vertx, db, clock, ids,
        PasswordHasher.create(options.getPasswordMemoryKib(), options.getPasswordIterations()),
        options.getThrottle());
    this.chat = new ChatService(vertx, db, clock, ids);
    // Reply, forward, edit, delete, reactions (issue 16): extensions of sends and their own routes.
    this.messageActions = new dev.parley.core.chat.MessageActions(vertx, db, chat, clock, options.getMessages())
        .start();
    // Ephemeral answers (issue 18): kept messages.ephemeralHours, then swept.
    chat.ephemerals().start(options.getMessages());
    this.hub = new LiveHub(vertx, chat, options.getLive());
    this.push = new dev.parley.core.push.Push(vertx, db, clock, hub, options.getPush());
    // "Forgot password" mails a reset link when SMTP is configured (issue 17).
    this.forgotten = new dev.parley.core.accounts.PasswordForgotten(vertx, db, accounts, options.getSmtp());
    // Indexed as committed; a failure is logged and caught up at the next start, never fails the send.
    // New messages are pushed to members without a live session (when Web Push is configured).
    chat.onCommitted(m -> {
      messageSearch.index(m).onFailure(e -> LOG.warn("message search indexing failed id={}", m.id(), e));
      push.messageCommitted(m);
      if (businessConversations != null) {
        businessConversations.committed(m); // a customer's message to a business: message.received
        businessKeywords.committed(m); // STOP, START, HELP, AGENT
        care.committed(m); // live to the inbox, SLA timers, a resolved conversation back to the bot
      }
    });
    this.linkPreviews = new dev.parley.core.links.LinkPreviews(vertx, db, clock, options.getLinkPreviews());
    chat.addExtension(linkPreviews.messageExtension());
    // Interactive messages (issue 21): content from senders the seam allows, answers and places from anyone.
    chat.addExtension(new dev.parley.core.interactive.InteractiveExtension(
        (a, body) -> dev.parley.core.chat.Message.BOT.equals(body.getValue("senderKind"))
            || interactiveSenders.test(a)));
    chat.addExtension(new dev.parley.core.interactive.InteractiveReplyExtension(chat));
    chat.addExtension(new dev.parley.core.interactive.LocationExtension());
    this.mutes = new dev.parley.core.chat.Mutes(vertx, db, clock, chat);
    this.webhooks = new dev.parley.core.business.webhooks.Webhooks(vertx, db, clock, ids, options.getWebhooks());
    // Mentions, archive and pin, pinned messages, invite links (issue 17, messenger).
    this.messenger = new dev.parley.core.chat.MessengerFeatures(vertx, db, clock, ids, chat);
    this.attachments = dev.parley.core.attachments.Attachments.create(vertx, db, clock, ids, chat,
        options.getAttachments(), attachmentsPrepared);
    this.authn = new Authn(accounts, options.getPublicBaseUrl().map(u -> u.startsWith("https:")).orElse(false),
        ClientAddresses.create(options.getTrustedProxies()));
    this.audit = new AuditLog(db, clock, ids);
    this.businesses = new dev.parley.core.business.Businesses(db, clock, ids, audit, attachments);
    this.businessConversations = new dev.parley.core.business.BusinessConversations(vertx, db, clock, ids, chat,
        businesses, attachments, dev.parley.core.business.BusinessBlocks.of(() -> Platform.this.blocks));
    chat.addExtension(new dev.parley.core.business.BotSenderExtension(db));
    chat.onRead(businessConversations::read);
    chat.onDelivered(businessConversations::delivered);
    // Business events reach the business's webhook endpoints (durable outbox, signed deliveries).
    businessConversations.events(webhooks::publish);
    // Consent and pacing of business messages: every Business API send passes the policy; keywords answer.
    var pacing = options.getBusinessPacing();
    this.businessConsents = new dev.parley.core.business.consent.Consents(db, clock, ids, pacing);
    this.businessTemplates = new dev.parley.core.business.consent.Templates(db, clock, ids);
    var sendPolicy = new dev.parley.core.business.consent.SendPolicy(db, clock, businessConsents, businessTemplates,
        pacing);
    businessConversations.policy(sendPolicy, (customerId, businessId) -> businessConsents.blocked(customerId,
        businessId).compose(v -> businessTemplates.checkQuality(businessId))
        .onFailure(e -> LOG.warn("consent of a block failed business={}", businessId, e)));
    this.businessKeywords = new dev.parley.core.business.consent.Keywords(chat, businessConsents,
        businessConversations::ofConversation);
    businessConsents.onChange(businessConversations::consentChanged);
    businessKeywords.onAgentRequested(businessConversations::agentRequested);
    // Customer care (issue 22): AGENT queues for a person, bots stop while an agent holds the conversation.
    this.care = new dev.parley.core.business.care.Care(vertx, db, clock, ids, chat, businesses, attachments, audit);
    care.events(webhooks::publish);
    businessKeywords.agentRequests(care::keyword);
    businessConversations.handover(care.handover());
    chat.onTyping(care::typed);
    // Account security and profiles (issue 17): security events go to the audit log.
    accounts.security().auditTo((actor, action, accountId, detail) -> audit.append(actor,
        AuditLog.Event.of(action, "account", accountId).detail("detail", detail)).mapEmpty());
    this.profiles = new dev.parley.core.profiles.Profiles(vertx, db, clock, accounts, hub::isOnline,
        options.getUsernameReservation());
    // A template is picked in the customer's own language when the business has one.
    sendPolicy.localeOf(profiles::language);
    this.usage = new UsageLog(vertx, db, clock, ids);
    this.registry = new RegistryService(vertx, db, clock, ids, audit, BundleReader.create(options.getBundles()),
        this::runtimeStarted);
    this.launcher = new Launcher(vertx, registry, chat, usage, ids, this::runtimeStarted,
        options.getMaxLoadedVersions());
    this.installations = new Installations(vertx, db, chat, clock);
    this.consents = new Consents(vertx, db, clock);
    this.clock = clock;
    this.media = new dev.parley.core.apps.media.MediaStore(vertx, db, clock, ids, options.getMedia());
    // The host's capabilities: the broker's own, and those each area contributes.
    this.appFiles = new dev.parley.core.apps.broker.AppFiles(db, clock, registry, consents,
        new dev.parley.core.attachments.AppAttachmentAccess(vertx, db, attachments));
    this.brokerHost = new BrokerHost(vertx, db, clock, ids, chat, accounts, registry, usage, audit, appFiles,
        java.util.stream.Stream.of(
            AppPayments.deferred(this::payments).capabilities(context -> registry.listing(context.appId())
                .map(l -> l.map(x -> x.app().name()).orElse(context.appId()))),
            AppRedPackets.of(this::redPackets).capabilities(),
            dev.parley.core.apps.broker.PageBroadcasts.create(vertx, options.getBroker()).capabilities(),
            new dev.parley.core.apps.media.AppMedia(media, options.getPublicBaseUrl()).capabilities())
            .flatMap(java.util.List::stream).toList());
    this.devVersions = new dev.parley.core.apps.registry.DevVersions(vertx, options.isDevMode(), registry, chat, clock,
        this::runtimeStarted);
    this.broker = new Broker(vertx, registry, launcher, chat, installations, consents, usage, brokerHost, ids,
        options.getBroker(), this::runtimeStarted, devVersions);
    this.signer = LaunchSigner.create(db, registry, clock, ids);
    this.ledger = new LedgerService(vertx, db, clock, ids, TestCardProvider.create());
    this.redPackets = new RedPackets(vertx, db, clock, ids, chat, ledger, options.getRedPackets(),
        new java.security.SecureRandom());
    this.payments = new PaymentService(vertx, db, clock, ids, ledger, chat,
        (appId, userId, conversationId, name, event) -> broker.appEvent(userId, conversationId, appId, name, event),
        redPackets);
    // Safety and moderation (issue 17): blocks and the send limit guard the chat's sends; reports;
    // the moderators' actions (warn, remove, suspend, restore), audited.
    this.blocks = new dev.parley.core.safety.Blocks(vertx, db, clock, accounts);
    // A person who blocked the viewer (or whom the viewer blocked) shows them no presence.
    profiles.hiddenBy(blocks::hides);
    new dev.parley.core.safety.SafetyRules(blocks, options.getSafety()).install(chat);
    this.reports = new dev.parley.core.safety.Reports(db, clock, ids, chat, accounts);
    this.moderation = new dev.parley.core.safety.Moderation(db, clock, ids, accounts, chat, messageActions, audit);
  }

  /** Opens the database (migrating it), builds the services and makes sure there is an admin. */
  public static Future<Platform> start(Vertx vertx, PlatformOptions options) {
    return start(vertx, options, Clock.systemUTC(), IdGenerator.secure());
  }

  public static Future<Platform> start(Vertx vertx, PlatformOptions options, Clock clock, IdGenerator ids) {
    return Database.open(vertx, options.getDatabase()).compose(db -> dev.parley.core.search.MessageSearches
        .open(vertx, db, options.getSearchIndexDir().map(java.nio.file.Path::of), clock)
        .recover(failure -> db.close().transform(x -> Future.failedFuture(failure)))
        .compose(search -> vertx.executeBlocking(() -> {
          if (dev.parley.core.attachments.AttachmentOptions.POSTGRES.equals(options.getAttachments().getStore())
              && db.kind() != Database.Kind.POSTGRESQL) {
            throw new IllegalArgumentException("attachments.store=postgres needs a PostgreSQL databaseUrl");
          }
          return dev.parley.core.attachments.Attachments.prepare(options.getAttachments());
        }, false)
            .recover(failure -> search.close().eventually(db::close).transform(x -> Future.failedFuture(failure)))
            .map(dir -> java.util.Map.entry(search, dir)))
        .compose(prepared -> {
          dev.parley.core.search.MessageSearch search = prepared.getKey();
          Platform platform = new Platform(vertx, options, db, clock, ids, search, prepared.getValue());
          platform.attachments.start();
          platform.registerMetrics();
          platform.releaseTimer = vertx.setPeriodic(1_000, t -> platform.registry.releaseDue());
          platform.redPackets.start();
          platform.mutes.start();
          platform.linkPreviewPurgeTimer = vertx.setPeriodic(3_600_000, t -> platform.linkPreviews.purgeExpired());
          platform.payments.start();
          platform.webhooks.start();
          return OpenApiValidation.load(vertx, OPENAPI)
              .compose(contract -> {
                platform.contract = contract;
                return platform.accounts.bootstrapAdmin(options.getBootstrapAdmin());
              })
              .map(token -> {
                platform.setupToken = token;
                return platform;
              })
              .recover(failure -> search.close().eventually(db::close).transform(x -> Future.failedFuture(failure)));
        }));
  }

  /**
   * Starts the mini-app runtime (a GraalJS engine and its warm-up) on a worker thread, once: the
   * server calls it as soon as it is ready, so that the engine's start does not compete with its
   * own for the CPU; anything that needs the runtime before that (a bundle to verify, a call)
   * starts it through {@link #runtimeStarted()} and waits for it. Logs which Truffle runtime it
   * got: the optimizing one needs the JIT launch of {@code ./parley start}.
   */
  public void startRuntime() {
    if (closed || !runtimeStarting.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> MiniAppRuntime.create(vertx, brokerHost, options.getRuntime()), false)
        .onComplete(result -> {
          if (result.failed()) {
            LOG.error("the mini-app runtime could not start", result.cause());
            runtimeReady.tryFail(result.cause());
            return;
          }
          MiniAppRuntime created = result.result();
          if (closed) {
            created.close();
            return;
          }
          runtime.set(created);
          runtimeReady.tryComplete(created);
          RuntimeInfo info = created.info();
          if (info.optimizing()) {
            LOG.info("mini-app runtime ready truffleRuntime=\"{}\" optimizing=true", info.truffleRuntime());
          } else if ("false".equals(System.getProperty("polyglot.engine.WarnInterpreterOnly"))) {
            // ./parley's default: the interpreter, chosen so that the start can use the AOT cache.
            LOG.info("mini-app runtime ready truffleRuntime=\"{}\" optimizing=false (PARLEY_TRUFFLE=jit for the JIT)",
                info.truffleRuntime());
          } else {
            LOG.warn("mini-app runtime ready truffleRuntime=\"{}\" optimizing=false: guest code runs interpreted, "
                + "several times slower; launch with PARLEY_TRUFFLE=jit ./parley start for the JIT",
                info.truffleRuntime());
          }
        });
  }

  /** The mini-app runtime once it is up, starting it if nothing has yet. */
  private Future<MiniAppRuntime> runtimeStarted() {
    startRuntime();
    return runtimeReady.future();
  }

  /** The mini-app runtime, once it has started (a moment after the platform). */
  public Optional<MiniAppRuntime> runtime() {
    return Optional.ofNullable(runtime.get());
  }

  /** The one-time token of the first-admin setup link, when no admin exists yet. */
  public Optional<String> setupToken() {
    return setupToken.filter(t -> accounts.setupPending());
  }

  public Database database() {
    return db;
  }

  public AccountService accounts() {
    return accounts;
  }

  /** Edit, delete and reactions of messages. */
  /** Blocks between people: other parts (presence, business blocks) ask it. */
  public dev.parley.core.safety.Blocks blocks() {
    return blocks;
  }

  public dev.parley.core.chat.MessageActions messageActions() {
    return messageActions;
  }

  /** Files in apps (cards' files, request_file, files.read/create), over the attachments it is given. */
  public dev.parley.core.apps.broker.AppFiles appFiles() {
    return appFiles;
  }

  /** Says which senders may send interactive content (businesses' bots). */
  public void interactiveSenders(java.util.function.Predicate<dev.parley.core.accounts.Account> senders) {
    this.interactiveSenders = java.util.Objects.requireNonNull(senders, "senders");
  }

  public ChatService chat() {
    return chat;
  }

  public LiveHub liveHub() {
    return hub;
  }

  public RegistryService registry() {
    return registry;
  }

  public UsageLog usage() {
    return usage;
  }

  public Launcher launcher() {
    return launcher;
  }

  /** Signs the launch parameters of mini-app pages (app secret and platform key). */
  public LaunchSigner launchSigner() {
    return signer;
  }

  /** The host of every app call, with its capabilities. */
  public BrokerHost brokerHost() {
    return brokerHost;
  }

  public Broker broker() {
    return broker;
  }

  /** Full-text search over messages: Lucene beside H2, PostgreSQL's own on PostgreSQL. */
  public dev.parley.core.search.MessageSearch messageSearch() {
    return messageSearch;
  }

  /** The ledger: wallets, transfers, reconciliation. */
  public LedgerService ledger() {
    return ledger;
  }

  /** Red packets: the money core of the gifting mini-app. */
  public RedPackets redPackets() {
    return redPackets;
  }

  /** Payment requests of apps, confirmed by users. */
  public PaymentService payments() {
    return payments;
  }

  /** Authenticates requests; the server uses it to guard the admin console. */
  public Authn authn() {
    return authn;
  }

  /**
   * The API, health and metrics routes, with the problem+json failure handler. Mount at the root;
   * anything it does not handle falls through to the routes added after it.
   */
  public Router router() {
    return WebRoutes.router(vertx, routeSets(), authn::required, options.getMaxBodyBytes());
  }

  /** Every feature's routes, in the order they are mounted: app pages first (their origins never reach the rest). */
  private List<RouteSet> routeSets() {
    HealthChecks live = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx).register("database", 2_000,
        p -> db.ping().onComplete(r -> p.tryComplete(r.succeeded() ? Status.OK() : Status.KO())))
        .register("miniapp-runtime", p -> p.complete(runtimeStatus()));
    var consentApi = new dev.parley.core.business.consent.ConsentApi(businessConsents, businessTemplates,
        new dev.parley.core.business.consent.CampaignStats(db), businesses::own);
    var careApi = new dev.parley.core.business.care.CareApi(care);
    var businessApi = new dev.parley.core.business.BusinessApi(businesses, businessConversations, consentApi)
        .with(careApi::mountBusinessApi);
    // The webhooks' Business API routes take the same keys.
    webhooks.setBusinessKeys(ctx -> businessApi.key(ctx).map(dev.parley.core.business.BusinessPrincipal::businessId));
    return List.of(
        new PagesApi(AppPages.create(registry, options.getPublicBaseUrl(), this::mediaFile, devVersions::page), signer),
        new ServerTime(clock),
        new AccountsApi(accounts, authn, audit::roleChanged),
        new dev.parley.core.accounts.SecurityApi(accounts.security(), authn),
        new dev.parley.core.accounts.ForgotApi(forgotten, authn, options.getPublicBaseUrl()),
        new dev.parley.core.profiles.ProfilesApi(profiles, authn),
        new ChatApi(chat, hub, authn, options.getPublicBaseUrl()),
        new dev.parley.core.chat.MessageActionsApi(messageActions),
        new dev.parley.core.chat.EphemeralsApi(chat.ephemerals()),
        new dev.parley.core.chat.MuteApi(mutes),
        new dev.parley.core.chat.MessengerFeaturesApi(chat, messenger),
        new dev.parley.core.links.LinkPreviewApi(linkPreviews),
        new dev.parley.core.push.PushApi(push),
        new dev.parley.core.business.webhooks.WebhooksApi(webhooks, db),
        new RegistryApi(vertx, registry, usage, launcher, authn, contract, Clock.systemUTC(),
            options.getBundles().getMaxArchiveBytes(), uploadsDirectory(), devVersions),
        new MediaApi(broker, media, authn, this::appOrigin),
        new BrokerApi(broker, registry, launcher, accounts, this::launchPage, devVersions, this::launchDevPage),
        new LedgerApi(ledger, accounts),
        new RedPacketsApi(redPackets),
        new PaymentsApi(payments),
        new SearchApi(chat, accounts, registry, broker, this::messageSearch)
            .withHitFilter(new dev.parley.core.safety.BlockedHits(db, blocks)),
        new dev.parley.core.attachments.UploadsApi(attachments.uploads(), authn),
        new dev.parley.core.attachments.AttachmentsApi(attachments, authn),
        new dev.parley.core.business.BusinessesApi(businesses, businessConversations),
        businessApi,
        consentApi,
        careApi,
        new dev.parley.core.safety.SafetyApi(blocks, reports),
        new dev.parley.core.safety.ModerationApi(reports, moderation),
        new OperationsApi(live, ready, options.getMetricsToken()));
  }

  /** The app's page on its own origin, with the signed launch parameters for it. */
  private Future<io.vertx.core.json.JsonObject> launchPage(io.vertx.ext.web.RoutingContext ctx, String userId,
      String conversationId, dev.parley.core.apps.registry.Listing listing, String startParam) {
    var version = listing.live().orElseThrow();
    boolean hasPage = version.manifest().startPage().isPresent();
    return signer.sign(listing.app().id(), version.version(), userId, conversationId, startParam,
        RequestLocale.of(ctx))
        .map(signed -> signed.put("pageUrl", hasPage ? appOrigin(ctx, listing.app().id()) + "/" : null)
            .put("miniPlayer", hasPage && version.manifest().miniPlayer()));
  }

  /**
   * A development version's page, for a member of its development conversation: signed launch
   * parameters naming the {@code +dev} version, and a page URL under {@code /dev/<token>/} on the
   * app's origin whose token only this member's membership opens (see DevVersions.pageToken).
   */
  private Future<io.vertx.core.json.JsonObject> launchDevPage(io.vertx.ext.web.RoutingContext ctx, String userId,
      dev.parley.core.apps.registry.DevVersions.DevVersion dev, String startParam) {
    var version = dev.version();
    String appId = dev.app().id();
    boolean hasPage = version.manifest().startPage().isPresent();
    return signer.sign(appId, version.version(), userId, dev.conversationId(), startParam,
        RequestLocale.of(ctx))
        .map(signed -> new io.vertx.core.json.JsonObject().put("app", dev.app().directoryJson())
            .put("version", version.version()).put("digest", version.digest())
            .put("commands", version.manifest().commandsJson()).put("dev", true).mergeIn(signed)
            .put("pageUrl", hasPage
                ? appOrigin(ctx, appId) + AppPages.DEV_PREFIX
                    + devVersions.pageToken(dev, userId) + "/"
                : null)
            .put("miniPlayer", hasPage && version.manifest().miniPlayer()));
  }

  /** An app's uploaded file, as its origin serves it at {@code /media/<id>}. */
  private Future<Optional<AppPages.MediaFile>> mediaFile(String appId, String id) {
    return media.find(appId, id).compose(found -> found.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : media.content(found.get().sha256()).map(bytes -> Optional.of(
            new AppPages.MediaFile(bytes, found.get().sha256(), found.get().contentType()))));
  }

  /** Attachments of messages: uploads, blobs, access, deletion. */
  /** Business accounts (issue 21). */
  public dev.parley.core.business.Businesses businesses() {
    return businesses;
  }

  /** Businesses' conversations and their events; {@code events(...)} wires the webhooks' delivery in. */
  public dev.parley.core.business.BusinessConversations businessConversations() {
    return businessConversations;
  }

  public dev.parley.core.attachments.Attachments attachments() {
    return attachments;
  }

  /** Link previews of URLs in messages. */
  public dev.parley.core.links.LinkPreviews linkPreviews() {
    return linkPreviews;
  }

  /** "Forgot password" by mail (issue 17). */
  public dev.parley.core.accounts.PasswordForgotten forgotten() {
    return forgotten;
  }

  /** Web Push of new messages. */
  public dev.parley.core.push.Push push() {
    return push;
  }

  /** Customer care (issue 22). */
  public dev.parley.core.business.care.Care care() {
    return care;
  }

  /** Business webhooks: publish events ({@link dev.parley.core.business.webhooks.WebhookEvents}), endpoints. */
  public dev.parley.core.business.webhooks.Webhooks webhooks() {
    return webhooks;
  }

  /** Media uploaded by apps' pages. */
  public dev.parley.core.apps.media.MediaStore media() {
    return media;
  }

  /** {@code <scheme>://<appId>.apps.<host>} of the public base URL, else of the request. */
  private String appOrigin(io.vertx.ext.web.RoutingContext ctx, String appId) {
    return AppPages.appOrigin(appId,
        options.getPublicBaseUrl().orElseGet(() -> ctx.request().scheme() + "://" + ctx.request().authority()));
  }

  private static java.nio.file.Path uploadsDirectory() {
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "parley-uploads");
  }

  /** Up while starting and while healthy; down once a runaway guest has cost a worker thread. */
  private Status runtimeStatus() {
    MiniAppRuntime r = runtime.get();
    if (r == null) {
      return Status.OK(new io.vertx.core.json.JsonObject().put("state", "starting"));
    }
    RuntimeInfo info = r.info();
    io.vertx.core.json.JsonObject data = new io.vertx.core.json.JsonObject()
        .put("truffleRuntime", info.truffleRuntime()).put("optimizing", info.optimizing())
        .put("abandonedThreads", info.abandonedThreads()).put("quarantinedVersions", info.quarantinedVersions());
    return info.healthy() ? Status.OK(data) : Status.KO(data);
  }

  private void registerMetrics() {
    MeterRegistry meters = BackendRegistries.getDefaultNow();
    if (meters == null) {
      return;
    }
    Cache<?, ?> members = chat.memberCache();
    CaffeineCacheMetrics.monitor(meters, members, "conversation_members");
    registry.registerMetrics(meters);
    launcher.registerMetrics(meters);
    installations.registerMetrics(meters);
    consents.registerMetrics(meters);
    media.registerMetrics(meters);
    FunctionCounter.builder("parley_message_write_batches", chat, c -> c.writeStats().batches())
        .description("Transactions of the messages' group commit").register(meters);
    FunctionCounter.builder("parley_message_writes", chat, c -> c.writeStats().writes())
        .description("Messages and card edits written by the group commit").register(meters);
    Gauge.builder("parley_live_connections", hub, LiveHub::connections)
        .description("Live WebSocket sessions on this node (open, not being closed)").register(meters);
    Gauge.builder("parley_live_sockets", hub, LiveHub::sockets)
        .description("Live WebSockets on this node whose TCP connection is open, closing ones included")
        .register(meters);
  }

  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(releaseTimer);
    messageActions.stop();
    chat.ephemerals().stop();
    vertx.cancelTimer(linkPreviewPurgeTimer);
    mutes.close();
    redPackets.close();
    payments.close();
    webhooks.close();
    runtimeReady.tryFail("the platform is closing");
    MiniAppRuntime r = runtime.getAndSet(null);
    Future<Void> runtimeClosed = r == null ? Future.succeededFuture() : r.close();
    return usage.flush().transform(x -> attachments.close()).transform(x -> runtimeClosed)
        .eventually(messageSearch::close).eventually(db::close);
  }
}
