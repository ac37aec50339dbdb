package dev.parley.core.money.gifting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The red-packet routes on both databases: members see and claim, others get the 404 of a packet that does not exist. */
class RedPacketsApiTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      assertThat(ApiClient.await(p.platform().ledger().reconcile()).differences()).isEmpty();
    }
  }

  @Test
  void membersSeeAndClaim_othersGetNotFound() {
    TestUser sender = api.signUp("Sender");
    TestUser friend = api.signUp("Friend");
    TestUser outsider = api.signUp("Outsider");
    String group = api.group(sender, "Gifts", friend).getString("id");
    ApiClient
        .await(p.platform().ledger().topUp(sender.id(), EUR, 20_00, "4242 4242 4242 4242", "t:" + UUID.randomUUID()));
    RedPacket packet = ApiClient.await(p.platform().redPackets().create(sender.id(), group, EUR, 10_00, 3,
        SplitMode.EQUAL, "Happy birthday", "k" + UUID.randomUUID()));

    Reply first = api.post("/api/red-packets/" + packet.id() + "/claim", friend, new JsonObject());
    assertThat(first.status()).as("%s", first).isEqualTo(201);
    JsonObject claim = first.json().getJsonObject("claim");
    assertThat(claim.getString("user")).isEqualTo(friend.id());
    assertThat(claim.getString("amount")).isEqualTo("3.34");
    assertThat(claim.getBoolean("paid")).isTrue();
    assertThat(claim.getBoolean("repeated")).isFalse();
    Reply again = api.post("/api/red-packets/" + packet.id() + "/claim", friend, new JsonObject());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getJsonObject("claim").getBoolean("repeated")).isTrue();

    Reply seen = api.get("/api/red-packets/" + packet.id(), sender);
    assertThat(seen.status()).isEqualTo(200);
    JsonObject json = seen.json();
    assertThat(json.getString("total")).isEqualTo("10.00");
    assertThat(json.getInteger("shares")).isEqualTo(3);
    assertThat(json.getString("status")).isEqualTo("active");
    assertThat(json.getString("remaining")).isEqualTo("6.66");
    assertThat(json.getInteger("remainingShares")).isEqualTo(2);
    assertThat(json.getString("message")).isEqualTo("Happy birthday");
    assertThat(json.getJsonArray("claimed")).hasSize(1);
    assertThat(json.getJsonArray("claimed").getJsonObject(0).fieldNames()).contains("user", "amount", "at");
    assertThat(json.getLong("expiresAt")).isEqualTo(packet.expiresAt());

    Reply wallet = api.get("/api/wallet", friend);
    assertThat(wallet.json().getJsonArray("wallets").getJsonObject(0).getString("balance")).isEqualTo("3.34");

    String missing = "/api/red-packets/abcdefghijklmnopqrst";
    for (String path : new String[] {"/api/red-packets/" + packet.id(), "/api/red-packets/" + packet.id() + "/claim"}) {
      Reply hidden = path.endsWith("/claim") ? api.post(path, outsider, new JsonObject()) : api.get(path, outsider);
      Reply none = path.endsWith("/claim")
          ? api.post(missing + "/claim", outsider, new JsonObject())
          : api.get(missing, outsider);
      assertThat(hidden.status()).isEqualTo(404);
      assertThat(hidden.body()).isEqualTo(none.body());
    }
  }

  @Test
  void claimWhenAllSharesAreTaken_isAClearConflict() {
    TestUser sender = api.signUp("Sender");
    TestUser a = api.signUp("A");
    TestUser b = api.signUp("B");
    String group = api.group(sender, "Gifts", a, b).getString("id");
    ApiClient
        .await(p.platform().ledger().topUp(sender.id(), EUR, 5_00, "4242 4242 4242 4242", "t:" + UUID.randomUUID()));
    RedPacket packet = ApiClient.await(p.platform().redPackets().create(sender.id(), group, EUR, 1_00, 1,
        SplitMode.LUCKY, "", "k" + UUID.randomUUID()));
    assertThat(api.post("/api/red-packets/" + packet.id() + "/claim", a, new JsonObject()).status()).isEqualTo(201);
    Reply late = api.post("/api/red-packets/" + packet.id() + "/claim", b, new JsonObject());
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().getString("detail")).contains("all 1 share of this red packet has been claimed");
    assertThat(api.get("/api/red-packets/" + packet.id(), b).json().getString("status")).isEqualTo("finished");
  }
}
