package dev.unbundled.search.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoreBudgetTest {

  @Test
  void sharedCoresPayForTheEngineAndTheJvmTogether() {
    // 40 s per million in the engine, 10 s in the JVM: 50 us a record over 2 cores.
    assertThat(CoreBudget.shared(2).ceilingRate(40e-6, 10e-6)).isCloseTo(40_000, within(1e-6));
  }

  @Test
  void withCoresOfTheirOwnTheSideThatRunsOutFirstSetsTheRate() {
    CoreBudget pinned = CoreBudget.pinned("0", "1");

    assertThat(pinned.ceilingRate(40e-6, 10e-6)).isCloseTo(25_000, within(1e-6));
    assertThat(pinned.ceilingRate(10e-6, 40e-6)).isCloseTo(25_000, within(1e-6));
  }

  @Test
  void countsTheCpusOfATasksetList() {
    assertThat(CoreBudget.cpusIn("0")).isEqualTo(1);
    assertThat(CoreBudget.cpusIn("0-1")).isEqualTo(2);
    assertThat(CoreBudget.cpusIn("0,2-3")).isEqualTo(3);
  }
}
