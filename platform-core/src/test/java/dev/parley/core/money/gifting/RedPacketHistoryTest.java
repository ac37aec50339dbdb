package dev.parley.core.money.gifting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Wallet history in words, on both databases: a red packet's entries name its sender. */
class RedPacketHistoryTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");

  @Test
  void aClaimedShare_namesThePacketsSender_inTheHistory() {
    TestUser sender = api.signUp("Mei");
    TestUser friend = api.signUp("Friend");
    String group = api.group(sender, "Gifts", friend).getString("id");
    ApiClient
        .await(p.platform().ledger().topUp(sender.id(), EUR, 20_00, "4242 4242 4242 4242", "t:" + UUID.randomUUID()));
    RedPacket packet = ApiClient.await(p.platform().redPackets().create(sender.id(), group, EUR, 10_00, 2,
        SplitMode.EQUAL, "Gong xi", "k" + UUID.randomUUID()));
    assertThat(api.post("/api/red-packets/" + packet.id() + "/claim", friend, new JsonObject()).status())
        .isEqualTo(201);

    JsonArray mine = api.get("/api/wallet/history", friend).json().getJsonArray("entries");
    JsonObject share = mine.getJsonObject(0).getJsonObject("counterparty");
    assertThat(share.getString("kind")).isEqualTo("escrow");
    assertThat(share.getString("senderId")).isEqualTo(sender.id());
    assertThat(share.getString("senderName")).isEqualTo("Mei");

    JsonArray theirs = api.get("/api/wallet/history", sender).json().getJsonArray("entries");
    JsonObject sent = theirs.getJsonObject(0);
    assertThat(sent.getLong("amountMinor")).isEqualTo(-10_00L);
    assertThat(sent.getJsonObject("counterparty").getString("senderName")).isEqualTo("Mei");
    assertThat(theirs.getJsonObject(1).getJsonObject("counterparty").containsKey("senderName"))
        .as("a top-up has no packet").isFalse();
  }
}
