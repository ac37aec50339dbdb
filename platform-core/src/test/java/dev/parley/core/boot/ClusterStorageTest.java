package dev.parley.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.attachments.AttachmentOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import org.junit.jupiter.api.Test;

/** What a cluster node must share, checked before anything opens, with messages that say what to do. */
class ClusterStorageTest {

  private static final String PG = "postgresql://postgres@127.0.0.1:5432/parley";

  private static PlatformOptions on(String url) {
    return new PlatformOptions().setDatabase(new DatabaseOptions().setUrl(url));
  }

  @Test
  void aSingleNode_isLeftAsConfigured() {
    PlatformOptions options = on("jdbc:h2:mem:x").setDevMode(true);
    ClusterStorage.check(options, false);
    assertThat(options.getAttachments().getStore()).isEqualTo(AttachmentOptions.FILESYSTEM);
  }

  @Test
  void aClusterNode_onH2_isRefused_sayingPostgresql() {
    assertThatThrownBy(() -> ClusterStorage.check(on("jdbc:h2:mem:x"), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster mode needs PostgreSQL");
  }

  @Test
  void aClusterNode_keepsAttachmentsInPostgresql_unlessFilesystemWasChosen() {
    PlatformOptions defaults = on(PG);
    ClusterStorage.check(defaults, true);
    assertThat(defaults.getAttachments().getStore()).isEqualTo(AttachmentOptions.POSTGRES);

    PlatformOptions chosen = on(PG).setAttachments(new AttachmentOptions().setStore(AttachmentOptions.FILESYSTEM));
    assertThatThrownBy(() -> ClusterStorage.check(chosen, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attachments.store=filesystem");
  }

  @Test
  void aClusterNode_refusesDevMode() {
    assertThatThrownBy(() -> ClusterStorage.check(on(PG).setDevMode(true), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("devMode");
  }
}
