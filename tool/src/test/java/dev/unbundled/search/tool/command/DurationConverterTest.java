package dev.unbundled.search.tool.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsDurationsAsOperatorsWriteThem() {
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    for (String bad : new String[] {"", "m", "10x", "5m junk", "1.5h", "P"}) {
      assertThatThrownBy(() -> converter.convert(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("is not a duration");
    }
  }
}
