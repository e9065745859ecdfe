package dev.unbundled.search.connector.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** What a version from a record may be: a non-negative integer, in the forms sources write it. */
class RecordVersionsTest {

  private static long parse(Object value) {
    return RecordVersions.parse(value, "field 'v'");
  }

  @Test
  void integersOfEveryWidthAreVersions() {
    assertThat(parse((byte) 1)).isEqualTo(1);
    assertThat(parse((short) 2)).isEqualTo(2);
    assertThat(parse(3)).isEqualTo(3);
    assertThat(parse(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(parse(0L)).isZero();
  }

  @Test
  void digitsInStringsAndBytesAreVersions() {
    // A Postgres LSN as Debezium writes it, and a header read without a header converter.
    assertThat(parse(" 24023128 ")).isEqualTo(24_023_128L);
    assertThat(parse("24023128".getBytes(StandardCharsets.UTF_8))).isEqualTo(24_023_128L);
    assertThat(parse(ByteBuffer.wrap("7".getBytes(StandardCharsets.UTF_8)))).isEqualTo(7);
  }

  @Test
  void wholeDecimalsAndTimestampsAreVersions() {
    assertThat(parse(new BigDecimal("123.000"))).isEqualTo(123);
    assertThat(parse(BigInteger.valueOf(5))).isEqualTo(5);
    assertThat(parse(new Date(1_709_633_730_250L))).isEqualTo(1_709_633_730_250L);
  }

  @Test
  void anythingElseIsTheRecordsFailureNamingWhereItCameFrom() {
    Object[] unusable = {
      -1L,
      "-1",
      "",
      "12.5",
      "0x1F",
      "99999999999999999999",
      new BigDecimal("1.5"),
      new BigInteger("99999999999999999999"),
      1.0,
      2.5f,
      true,
      Map.of("lsn", 1)
    };
    for (Object value : unusable) {
      assertThatThrownBy(() -> parse(value))
          .as(String.valueOf(value))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("field 'v'")
          .hasMessageContaining("non-negative integer");
    }
  }
}
