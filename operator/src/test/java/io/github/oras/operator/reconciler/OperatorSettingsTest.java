package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void leaderElectionNamesTheLease() {
    OperatorSettings settings =
        OperatorSettings.defaults().withLeaderElection("oras-operator", "oras-system");
    assertThat(settings.leaderElection())
        .contains(new OperatorSettings.LeaderElection("oras-operator", "oras-system"));
  }

  @Test
  void anInvalidLeaseNameIsRefusedWithTheValue() {
    assertThatThrownBy(
            () -> OperatorSettings.defaults().withLeaderElection("Oras_Operator", "oras-system"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease name")
        .hasMessageContaining("Oras_Operator");
  }
}
