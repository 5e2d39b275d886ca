package io.github.oras.operator.engine;

import java.util.Optional;

/**
 * Where a template's sidecar talks to: resolved from the cache lookup and the annotations.
 *
 * @param address registry {@code host[:port]}
 * @param plainHttp whether to use plain HTTP (the in-namespace cache) instead of TLS
 * @param credentialsSecret Secret with the ORAS_* credentials, if any
 * @param cacheService headless service of the in-namespace cache; empty for a remote registry
 */
public record RegistryTarget(
    String address,
    boolean plainHttp,
    Optional<String> credentialsSecret,
    Optional<String> cacheService) {}
