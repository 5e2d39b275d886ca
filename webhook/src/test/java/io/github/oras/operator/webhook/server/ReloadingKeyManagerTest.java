package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handshake that chose its alias before a rotation gets the chain and key of one pair. */
class ReloadingKeyManagerTest {
  @TempDir Path first;
  @TempDir Path second;
  @TempDir Path third;

  @Test
  void aRotationBetweenAliasAndKeyGivesTheHandshakeOnePair() throws Exception {
    ServingCertificate oldPair = pair(first);
    ServingCertificate newPair = pair(second);
    ReloadingKeyManager keys = new ReloadingKeyManager(oldPair);

    String chosenBefore = keys.chooseEngineServerAlias("EC", null, null);
    keys.install(newPair);
    String chosenAfter = keys.chooseEngineServerAlias("EC", null, null);

    assertThat(chosenBefore).isNotNull().isNotEqualTo(chosenAfter);
    assertThat(keys.getCertificateChain(chosenBefore)[0])
        .isEqualTo(leaf(oldPair))
        .isNotEqualTo(leaf(newPair));
    assertThat(matches(keys, chosenBefore)).isTrue();
    assertThat(keys.getCertificateChain(chosenAfter)[0]).isEqualTo(leaf(newPair));
    assertThat(matches(keys, chosenAfter)).isTrue();
    assertThat(keys.getServerAliases("EC", null)).containsExactly(chosenAfter);
  }

  @Test
  void anAliasTwoRotationsOldNamesNothing() throws Exception {
    ReloadingKeyManager keys = new ReloadingKeyManager(pair(first));
    String stale = keys.chooseEngineServerAlias("EC", null, null);
    keys.install(pair(second));
    keys.install(pair(third));

    assertThat(keys.getCertificateChain(stale)).isNull();
    assertThat(keys.getPrivateKey(stale)).isNull();
    assertThat(keys.getPrivateKey("serving")).isNull();
  }

  private static ServingCertificate pair(Path dir) throws Exception {
    var generated = SelfSignedCertificates.generate(dir, List.of(), Duration.ofDays(1));
    return ServingCertificate.load(generated.certFile(), generated.keyFile());
  }

  private static Object leaf(ServingCertificate pair) {
    String alias = pair.keyManager().chooseEngineServerAlias("EC", null, null);
    return pair.keyManager().getCertificateChain(alias)[0];
  }

  /** The key under {@code alias} signs what the certificate under it verifies. */
  private static boolean matches(ReloadingKeyManager keys, String alias) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivateKey(alias));
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(keys.getCertificateChain(alias)[0].getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signature);
  }
}
