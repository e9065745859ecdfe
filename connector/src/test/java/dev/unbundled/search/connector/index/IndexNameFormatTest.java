package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexNameFormatTest {

  @Test
  void defaultFormatAppendsTheVersion() {
    assertThat(new IndexNameFormat("${topic}-v${version}", 3).indexFor("orders"))
        .isEqualTo("orders-v3");
  }

  @Test
  void namesAreLowerCasedAndForbiddenCharactersReplaced() {
    IndexNameFormat format = new IndexNameFormat("${topic}-v${version}", 1);

    assertThat(format.indexFor("Shop.Orders")).isEqualTo("shop.orders-v1");
    assertThat(format.indexFor("a/b*c?d\"e<f>g|h,i#j:k l")).isEqualTo("a_b_c_d_e_f_g_h_i_j_k_l-v1");
  }

  @Test
  void leadingCharactersElasticsearchForbidsAreRemoved() {
    assertThat(new IndexNameFormat("${topic}", 1).indexFor("_-+internal")).isEqualTo("internal");
  }

  @Test
  void longNamesAreCutTo255Bytes() {
    String name = new IndexNameFormat("${topic}-v${version}", 1).indexFor("t".repeat(300));

    assertThat(name).hasSize(IndexNameFormat.MAX_NAME_BYTES);
  }

  @Test
  void aFormatGivingNoNameIsRejected() {
    assertThatThrownBy(() -> new IndexNameFormat("${topic}", 1).indexFor("__"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__");
  }
}
