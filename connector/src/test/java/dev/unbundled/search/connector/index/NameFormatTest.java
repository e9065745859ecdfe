package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void longNamesAreCutTo255Bytes() {
    String name = new NameFormat("${topic}-v${version}", 1).nameFor("t".repeat(300));

    assertThat(name).hasSize(NameFormat.MAX_NAME_BYTES);
  }

  @Test
  void aFormatGivingNoNameIsRejected() {
    assertThatThrownBy(() -> new NameFormat("${topic}", 1).nameFor("__"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__");
  }
}
