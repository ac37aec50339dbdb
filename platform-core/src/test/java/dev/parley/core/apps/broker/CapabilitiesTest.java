package dev.parley.core.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capabilities as data: requirements by type, and arguments checked by their schema with the field named. */
class CapabilitiesTest {

  private static final Capability PAY = Capability.of("payments.request",
      Requirement.permission(Permission.PAYMENTS_REQUEST),
      Arguments.of("Asks to pay.").required("payee", Arguments.string("a member")).required("amount",
          Arguments.string("a decimal string such as \"12.50\""))
          .optional("note", Arguments.string("shown to the payer"))
          .optional("mode", Arguments.oneOf("\"equal\" or \"lucky\"", "equal", "lucky")).schema(),
      "unknown", (context, args) -> Future.succeededFuture());
  private static final Capability GET = Capability.of("media.get", Requirement.membership(),
      Arguments.of("A file.").required("id", Arguments.id("the id media.upload answered")).schema(), "unknown",
      (context, args) -> Future.succeededFuture());
  private static final Capabilities ALL = Capabilities.of(List.of(PAY, GET));

  private static String problem(Capability c, JsonObject args) {
    return ALL.problem(c.name(), args).orElse("");
  }

  @Test
  void goodArguments_pass_andOptionalFieldsMayBeNull() {
    assertThat(ALL.problem("payments.request", new JsonObject().put("payee", "app").put("amount", "1.00")
        .putNull("note").putNull("mode"))).isEmpty();
    assertThat(ALL.problem("media.get", new JsonObject().put("id", "abcdefghij234567abcd").put("extra", 1))).isEmpty();
  }

  @Test
  void badArguments_nameTheField() {
    assertThat(problem(PAY, new JsonObject().put("payee", "app")))
        .isEqualTo(
            "payments.request takes {payee, amount, note?, mode?}: /amount is missing (a decimal string such as \"12.50\")");
    assertThat(problem(PAY, new JsonObject().put("payee", "app").put("amount", 12.5)))
        .isEqualTo("/amount must be a string (a decimal string such as \"12.50\"), not a number");
    assertThat(problem(PAY, new JsonObject().put("payee", "app").put("amount", "1").put("mode", "fair")))
        .isEqualTo("/mode must be \"equal\" or \"lucky\"");
    assertThat(problem(GET, new JsonObject().put("id", "not-an-id")))
        .isEqualTo("/id must be the id media.upload answered");
    assertThat(problem(GET, new JsonObject().put("id", "abcdefghij234567abcd\n")))
        .as("the pattern's $ must not let a line break through").isEqualTo("/id must be the id media.upload answered");
    assertThat(problem(GET, new JsonObject().putNull("id")))
        .isEqualTo("/id must be a string (the id media.upload answered), not null");
  }

  @Test
  void requirements_areTypes() {
    assertThat(Requirement.permission(Permission.CARDS_POST).permission(new JsonObject()))
        .contains(Permission.CARDS_POST);
    assertThat(Requirement.membership().permission(new JsonObject())).isEmpty();
    assertThat(Requirement.storageScope().permission(new JsonObject().put("scope", "conversation")))
        .contains(Permission.STORAGE_CONVERSATION);
    assertThat(Requirement.storageScope().permission(new JsonObject())).contains(Permission.STORAGE_USER);
    assertThat(Requirement.storageScope().permission(new JsonObject().put("scope", 7)))
        .contains(Permission.STORAGE_USER);
  }

  @Test
  void names_areUnique_andShaped() {
    assertThatThrownBy(() -> Capabilities.of(List.of(GET, GET)))
        .hasMessageContaining("two capabilities are named media.get");
    assertThatThrownBy(() -> Capability.of("Media-Get", Requirement.membership(), new JsonObject(), "unknown",
        (c, a) -> Future.succeededFuture())).isInstanceOf(IllegalArgumentException.class);
  }
}
