package io.github.oras.operator.webhook.server;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Makes a private CA and a serving certificate it signed, for running the webhook without
 * cert-manager (local clusters, tests, benchmarks). Keys are ECDSA P-256: small and fast to
 * handshake.
 */
public final class SelfSignedCertificates {
  public static final String CA_FILE = "ca.crt";
  public static final String CERT_FILE = "tls.crt";
  public static final String KEY_FILE = "tls.key";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SelfSignedCertificates() {}

  /** Where the files went, and the CA bundle to put in the webhook configuration's caBundle. */
  public record Generated(Path caFile, Path certFile, Path keyFile, String caPem) {}

  /**
   * Writes {@code ca.crt}, {@code tls.crt} and {@code tls.key} into {@code dir}; the serving
   * certificate names {@code localhost}, 127.0.0.1, ::1 and {@code dnsNames}. Each file is written
   * to a temporary name and moved into place, so a watching server never reads half a file.
   */
  public static Generated generate(Path dir, List<String> dnsNames, Duration validity)
      throws IOException {
    try {
      Files.createDirectories(dir);
      KeyPair caKeys = ecKeyPair();
      X500Name caName = new X500Name("CN=oras-operator local CA");
      Instant now = Instant.now();
      X509CertificateHolder ca = caCertificate(caName, caKeys, now, validity);
      KeyPair servingKeys = ecKeyPair();
      X509CertificateHolder serving =
          servingCertificate(caName, caKeys, servingKeys, dnsNames, now, validity);
      String caPem = pem(ca);
      Path caFile = writeAtomically(dir.resolve(CA_FILE), caPem);
      // PKCS#8 (the JDK's encoding) keeps the curve in the key; every TLS stack reads it.
      Path keyFile =
          writeAtomically(
              dir.resolve(KEY_FILE),
              pem(new PemObject("PRIVATE KEY", servingKeys.getPrivate().getEncoded())));
      Path certFile = writeAtomically(dir.resolve(CERT_FILE), pem(serving));
      return new Generated(caFile, certFile, keyFile, caPem);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(
          "the JDK cannot make ECDSA P-256 certificates: " + e.getMessage(), e);
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509CertificateHolder caCertificate(
      X500Name name, KeyPair keys, Instant now, Duration validity)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                name,
                serial(),
                notBefore(now),
                Date.from(now.plus(validity)),
                name,
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
    return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
  }

  private static X509CertificateHolder servingCertificate(
      X500Name issuer,
      KeyPair issuerKeys,
      KeyPair keys,
      List<String> dnsNames,
      Instant now,
      Duration validity)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(
        new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress()));
    String commonName = dnsNames.isEmpty() ? "localhost" : dnsNames.get(0);
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                issuer,
                serial(),
                notBefore(now),
                Date.from(now.plus(validity)),
                new X500Name("CN=" + commonName),
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(names.toArray(GeneralName[]::new)))
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
    return builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate()));
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
  }

  /** A minute in the past, so that a slightly slow clock elsewhere accepts the certificate. */
  private static Date notBefore(Instant now) {
    return Date.from(now.minusSeconds(60));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static Path writeAtomically(Path target, String content) throws IOException {
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    Files.writeString(temporary, content, StandardCharsets.US_ASCII);
    return Files.move(
        temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
