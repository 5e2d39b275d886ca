package io.github.oras.operator.webhook.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A PEM certificate chain and its private key, read from files and checked to belong together, so a
 * half-written rotation (new certificate, old key) is never served.
 *
 * @param fingerprint SHA-256 of both files' bytes, to notice a change
 * @param keyManager presents this certificate in TLS handshakes
 */
public record ServingCertificate(String fingerprint, X509ExtendedKeyManager keyManager) {

  /** Files that cannot be served; the message names the file and the problem. */
  public static final class InvalidCertificateException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidCertificateException(String message) {
      super(message);
    }
  }

  /** SHA-256 over the two files, without parsing them: cheap enough to poll. */
  public static String fingerprint(Path certFile, Path keyFile) throws IOException {
    return fingerprint(Files.readAllBytes(certFile), Files.readAllBytes(keyFile));
  }

  public static ServingCertificate load(Path certFile, Path keyFile)
      throws InvalidCertificateException {
    byte[] chain = read(certFile, "certificate");
    byte[] key = read(keyFile, "private key");
    List<X509CertificateHolder> certificates = certificates(certFile, chain);
    PrivateKeyInfo keyInfo = privateKey(keyFile, key);
    checkPair(certFile, keyFile, certificates.get(0), keyInfo);
    return new ServingCertificate(fingerprint(chain, key), keyManager(certificates, keyInfo));
  }

  private static byte[] read(Path file, String what) throws InvalidCertificateException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidCertificateException(what + " file " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidCertificateException(
          "cannot read " + what + " file " + file + ": " + e.getMessage());
    }
  }

  private static List<X509CertificateHolder> certificates(Path file, byte[] pem)
      throws InvalidCertificateException {
    List<X509CertificateHolder> found = new ArrayList<>();
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          found.add(holder);
        }
      }
    } catch (IOException e) {
      throw new InvalidCertificateException(
          file + " is not a PEM certificate chain: " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new InvalidCertificateException(
          file + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return found;
  }

  private static PrivateKeyInfo privateKey(Path file, byte[] pem)
      throws InvalidCertificateException {
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return info;
        }
        if (item instanceof PEMKeyPair pair) {
          return pair.getPrivateKeyInfo();
        }
        if (item instanceof PEMEncryptedKeyPair) {
          throw new InvalidCertificateException(
              file + " holds an encrypted private key; the server needs it unencrypted");
        }
      }
    } catch (IOException e) {
      throw new InvalidCertificateException(file + " is not a PEM private key: " + e.getMessage());
    }
    throw new InvalidCertificateException(
        file + " contains no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  /** Signs a random challenge with the key and verifies it with the certificate's public key. */
  private static void checkPair(
      Path certFile, Path keyFile, X509CertificateHolder leaf, PrivateKeyInfo keyInfo)
      throws InvalidCertificateException {
    try {
      PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(keyInfo);
      PublicKey publicKey = new JcaX509CertificateConverter().getCertificate(leaf).getPublicKey();
      String algorithm = signatureAlgorithm(key.getAlgorithm());
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      if (!verifier.verify(signature)) {
        throw new InvalidCertificateException(
            keyFile + " is not the private key of the certificate in " + certFile);
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidCertificateException(
          "the key in "
              + keyFile
              + " does not fit the certificate in "
              + certFile
              + ": "
              + e.getMessage());
    }
  }

  private static X509ExtendedKeyManager keyManager(
      List<X509CertificateHolder> chain, PrivateKeyInfo keyInfo)
      throws InvalidCertificateException {
    try {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      X509Certificate[] certificates = new X509Certificate[chain.size()];
      for (int i = 0; i < certificates.length; i++) {
        certificates[i] = converter.getCertificate(chain.get(i));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry(
          "serving", new JcaPEMKeyConverter().getPrivateKey(keyInfo), password, certificates);
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager extended) {
          return extended;
        }
      }
      throw new InvalidCertificateException("the JDK offers no X.509 key manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidCertificateException(
          "cannot use the certificate and key: " + e.getMessage());
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) throws InvalidCertificateException {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new InvalidCertificateException(
              "unsupported private key algorithm " + keyAlgorithm);
    };
  }

  private static String fingerprint(byte[] chain, byte[] key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(chain);
      sha256.update(key);
      return HexFormat.of().formatHex(sha256.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
