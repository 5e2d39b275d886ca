package io.github.oras.operator.webhook.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.engine.ObjectSize;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionRequest the server uses.
 *
 * @param uid echoed in the response, as the API server requires
 * @param kind the object's kind as the request names it (e.g. {@code Pod}), for logs and metrics
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param namespace the request's namespace; empty for cluster-scoped objects
 * @param dryRun whether the API server will not persist the object
 * @param object the object being admitted; a missing node for DELETE
 * @param objectSize its size as JSON, bounded by the length of its text in the request
 */
public record AdmissionRequest(
    String uid,
    String kind,
    String operation,
    String namespace,
    boolean dryRun,
    JsonNode object,
    ObjectSize objectSize) {}
