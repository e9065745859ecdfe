package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameFormatTest {

  @Test
  void defaultFormatAppendsTheVersion() {
    assertThat(new NameFormat("${topic}-v${version}", 3).nameFor("orders")).isEqualTo("orders-v3");
  }

  @Test
  void namesAreLowerCasedAndForbiddenCharactersReplaced() {
    NameFormat format = new NameFormat("${topic}-v${version}", 1);

    assertThat(format.nameFor("Shop.Orders")).isEqualTo("shop.orders-v1");
    assertThat(format.nameFor("a/b*c?d\"e<f>g|h,i#j:k l")).isEqualTo("a_b_c_d_e_f_g_h_i_j_k_l-v1");
  }

  @Test
  void leadingCharactersElasticsearchForbidsAreRemoved() {
    assertThat(new NameFormat("${topic}", 1).nameFor("_-+internal")).isEqualTo("internal");
  }

  @Test
  void longNamesAreCutTo255BytesInTheTopicKeepingTheVersion() {
    String name = new NameFormat("${topic}-v${version}", 1).nameFor("t".repeat(300));

    assertThat(name).hasSize(NameFormat.MAX_NAME_BYTES).startsWith("tttt").endsWith("-v1");
  }

  @Test
  void longTopicsThatDifferOnlyNearTheirEndsGetDifferentNames() {
    NameFormat format = new NameFormat("${topic}-v${version}", 1);

    assertThat(format.nameFor("t".repeat(300) + "a")).isNotEqualTo(format.nameFor("t".repeat(300)));
  }

  @Test
  void namesAreCutOnCharactersNotBytes() {
    String name = new NameFormat("${topic}", 1).nameFor("é".repeat(200));

    assertThat(name.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(NameFormat.MAX_NAME_BYTES);
    assertThat(name).startsWith("éé").doesNotContain("\uFFFD");
  }

  @Test
  void thePatternMatchesTheNameOfEveryTopicEvenCut() {
    NameFormat format = new NameFormat("Search-${topic}-v${version}", 4);

    assertThat(format.pattern()).isEqualTo("search-*-v4");
    for (String topic : List.of("orders", "Shop.Orders", "t".repeat(300))) {
      assertThat(format.nameFor(topic)).matches("search-.*-v4");
    }
    assertThat(new NameFormat("_${topic}-v${version}", 1).pattern()).isEqualTo("*-v1");
    assertThat(new NameFormat("all-v${version}", 1).pattern()).isEqualTo("all-v1");
  }

  @Test
  void indexNamesLeaveRoomForTheirWriteAlias() {
    WriteTarget target = new IndexNames("${topic}-v${version}", 1).targetFor("t".repeat(300));

    assertThat(target.index()).hasSize(WriteTarget.MAX_INDEX_BYTES).endsWith("-v1");
    assertThat(target.alias())
        .hasSize(NameFormat.MAX_NAME_BYTES)
        .isEqualTo(target.index() + ".Writer");
    assertThat(new IndexNames("${topic}-v${version}", 1).targetFor("orders"))
        .isEqualTo(new WriteTarget("orders-v1", "orders-v1.Writer"));
  }

  @Test
  void aFormatGivingNoNameIsRejected() {
    assertThatThrownBy(() -> new NameFormat("${topic}", 1).nameFor("__"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__");
  }
}
