package io.github.oras.operator.webhook.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the certificate or key file changes (cert-manager and the kubelet rotate them by
 * swapping a symlink, which a file watch can miss, so the files' bytes are compared) and hands a
 * complete, matching pair to the server. A pair that does not validate, such as a new certificate
 * with the old key in the middle of a rotation, is skipped until the next check.
 */
final class CertificateReloader {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final Path certFile;
  private final Path keyFile;
  private volatile String servedFingerprint;
  private String lastRefusedFingerprint = "";

  CertificateReloader(Path certFile, Path keyFile, ServingCertificate initial) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.servedFingerprint = initial.fingerprint();
  }

  /**
   * Checks the files once; calls {@code install} with a new valid pair if they changed. Blocking
   * I/O.
   */
  synchronized void check(Consumer<ServingCertificate> install) {
    String fingerprint;
    try {
      fingerprint = ServingCertificate.fingerprint(certFile, keyFile);
    } catch (IOException e) {
      LOG.warn(
          "cannot read certificate files {} and {}: {}; still serving the previous certificate",
          certFile,
          keyFile,
          e.getMessage());
      return;
    }
    if (fingerprint.equals(servedFingerprint) || fingerprint.equals(lastRefusedFingerprint)) {
      return;
    }
    try {
      ServingCertificate next = ServingCertificate.load(certFile, keyFile);
      install.accept(next);
    } catch (ServingCertificate.InvalidCertificateException e) {
      lastRefusedFingerprint = fingerprint;
      LOG.warn("not reloading the certificate: {}; still serving the previous one", e.getMessage());
    }
  }

  /** Called once the server serves {@code certificate}. */
  void served(ServingCertificate certificate) {
    servedFingerprint = certificate.fingerprint();
    LOG.info(
        "serving the certificate from {} (sha256 of files {})",
        certFile,
        certificate.fingerprint().substring(0, 16));
  }
}
