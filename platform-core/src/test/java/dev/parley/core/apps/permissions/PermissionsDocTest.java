package dev.parley.core.apps.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/permissions.md, the catalogue as documented, says what the code's catalogue says. */
class PermissionsDocTest {

  @Test
  void everyPermission_isDocumentedWithItsTexts() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "permissions.md"));
    for (Permission p : Permission.catalogue()) {
      String row = doc.lines().filter(l -> l.startsWith("| `" + p.permissionName() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError(p.permissionName() + " is not in docs/permissions.md"));
      assertThat(row).contains(p.description()).contains(p.userText());
    }
  }
}
