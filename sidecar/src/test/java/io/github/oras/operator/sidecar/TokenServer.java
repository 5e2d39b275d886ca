package io.github.oras.operator.sidecar;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real token server for distribution's {@code auth: token} (the Docker token protocol that
 * ghcr.io, Docker Hub and Harbor speak): checks Basic credentials and issues an ES256 JWT for the
 * requested repository scope, limited to the actions the user may take. The JWT carries its
 * certificate in the {@code x5c} header; the registry trusts the self-signed root written to {@link
 * #rootCertBundle()}. Over HTTPS when given a certificate, else plain HTTP on loopback.
 */
final class TokenServer implements AutoCloseable {
  static final String SERVICE = "oras-test-registry";
  static final String ISSUER = "oras-test-token-issuer";

  /** A user's password and the actions its tokens may grant. */
  record Account(String password, Set<String> actions) {}

  /** A token request as it arrived. */
  record Request(Optional<String> authorization, List<String> scopes, boolean overTls) {}

  private final HttpServer server;
  private final boolean tls;
  private final Map<String, Account> accounts;
  private final KeyPair signingKey;
  private final X509Certificate signingCertificate;
  private final Path rootCertBundle;
  private final List<Request> requests = new ArrayList<>();

  TokenServer(Path dir, Optional<TestCertificates> https, Map<String, Account> accounts)
      throws Exception {
    Files.createDirectories(dir);
    this.accounts = Map.copyOf(accounts);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    this.signingKey = generator.generateKeyPair();
    this.signingCertificate = selfSigned(signingKey);
    this.rootCertBundle = dir.resolve("token-root.crt");
    Files.writeString(rootCertBundle, pem(signingCertificate));
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    this.tls = https.isPresent();
    if (tls) {
      HttpsServer secure = HttpsServer.create(loopback, 16);
      secure.setHttpsConfigurator(new HttpsConfigurator(sslContext(https.get())));
      this.server = secure;
    } else {
      this.server = HttpServer.create(loopback, 16);
    }
    server.createContext("/token", this::handle);
    server.start();
  }

  String realm() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  Path rootCertBundle() {
    return rootCertBundle;
  }

  /** The registry's {@code auth:} section for this token server. */
  String registryAuthSection() {
    return "  token:\n    realm: "
        + realm()
        + "\n    service: "
        + SERVICE
        + "\n    issuer: "
        + ISSUER
        + "\n    rootcertbundle: "
        + rootCertBundle
        + "\n";
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<String> authorization =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
      List<String> scopes = parameters(exchange.getRequestURI().getRawQuery(), "scope");
      synchronized (requests) {
        requests.add(new Request(authorization, scopes, tls));
      }
      Optional<String> user = authorization.flatMap(this::user);
      if (user.isEmpty()) {
        answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        return;
      }
      String token = token(user.get(), scopes);
      answer(
          exchange,
          200,
          RegistryApi.JSON
              .createObjectNode()
              .put("token", token)
              .put("access_token", token)
              .put("expires_in", 300)
              .toString());
    }
  }

  private Optional<String> user(String authorization) {
    if (!authorization.startsWith("Basic ")) {
      return Optional.empty();
    }
    String pair =
        new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    String name = pair.substring(0, Math.max(colon, 0));
    Account account = accounts.get(name);
    return account != null && colon > 0 && account.password().equals(pair.substring(colon + 1))
        ? Optional.of(name)
        : Optional.empty();
  }

  private String token(String user, List<String> scopes) throws IOException {
    ArrayNode access = RegistryApi.JSON.createArrayNode();
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length != 3 || !parts[0].equals("repository")) {
        continue;
      }
      Set<String> granted = new LinkedHashSet<>(List.of(parts[2].split(",")));
      granted.retainAll(accounts.get(user).actions());
      ObjectNode entry = access.addObject().put("type", "repository").put("name", parts[1]);
      granted.forEach(entry.putArray("actions")::add);
    }
    long now = Instant.now().getEpochSecond();
    ObjectNode claims =
        RegistryApi.JSON
            .createObjectNode()
            .put("iss", ISSUER)
            .put("sub", user)
            .put("aud", SERVICE)
            .put("exp", now + 300)
            .put("nbf", now - 10)
            .put("iat", now)
            .put("jti", UUID.randomUUID().toString());
    claims.set("access", access);
    ObjectNode header = RegistryApi.JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
    try {
      header
          .putArray("x5c")
          .add(Base64.getEncoder().encodeToString(signingCertificate.getEncoded()));
      String signed = segment(header.toString()) + "." + segment(claims.toString());
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(signingKey.getPrivate());
      signature.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static String segment(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> parameters(String query, String name) {
    List<String> values = new ArrayList<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals(name)) {
          values.add(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static X509Certificate selfSigned(KeyPair pair) throws Exception {
    X500Name name = new X500Name("CN=oras-sidecar test token issuer");
    Instant now = Instant.now();
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(1, ChronoUnit.DAYS)),
                    name,
                    pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  static SSLContext sslContext(TestCertificates certificates) throws Exception {
    String pem = Files.readString(certificates.key());
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    Certificate certificate;
    try (InputStream in = Files.newInputStream(certificates.certificate())) {
      certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, new char[0], new Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
