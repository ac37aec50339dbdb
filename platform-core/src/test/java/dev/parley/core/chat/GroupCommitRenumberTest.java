package dev.parley.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.chat.MessageRepository.Batch;
import dev.parley.core.chat.MessageRepository.ReadMark;
import dev.parley.core.chat.MessageRepository.SeqMark;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A group commit on PostgreSQL follows where each conversation ends under its row lock (another
 * node may have written since this node looked): its seqs, ends and read marks move together, and a
 * conversation that did not move keeps its numbers.
 */
class GroupCommitRenumberTest {

  private static Message message(String conversation, long seq) {
    return new Message("m" + conversation + seq, conversation, seq, Optional.of("ann"), "Ann", Optional.empty(),
        "text", "hi", Instant.EPOCH, Optional.empty(), Optional.empty(), 0, new JsonObject(), Optional.empty(),
        Optional.empty());
  }

  @Test
  void aConversationAnotherNodeWroteTo_isShiftedWhole_andTheOthersKeepTheirSeqs() {
    Batch planned = new Batch(List.of(message("a", 5), message("b", 2), message("a", 6)),
        List.of(new SeqMark("a", 6, 1), new SeqMark("b", 2, 1)),
        List.of(new ReadMark("a", "ann", 6), new ReadMark("b", "ann", 2)), List.of());

    Batch written = MessageRepository.renumbered(planned, List.of(Map.entry("a", 9L), Map.entry("b", 1L)));

    assertThat(written.inserts()).extracting(Message::conversationId, Message::seq)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 10L), org.assertj.core.groups.Tuple.tuple("b", 2L),
            org.assertj.core.groups.Tuple.tuple("a", 11L));
    assertThat(written.ends()).containsExactly(new SeqMark("a", 11, 1), new SeqMark("b", 2, 1));
    assertThat(written.reads()).containsExactly(new ReadMark("a", "ann", 11), new ReadMark("b", "ann", 2));
    assertThat(written.inserts().get(0).id()).as("the same message, renumbered").isEqualTo("ma5");
  }

  @Test
  void aBatchWhoseConversationsDidNotMove_isWrittenAsPlanned() {
    Batch planned = new Batch(List.of(message("a", 5)), List.of(new SeqMark("a", 5, 1)), List.of(), List.of());
    assertThat(MessageRepository.renumbered(planned, List.of(Map.entry("a", 4L)))).isSameAs(planned);
  }
}
