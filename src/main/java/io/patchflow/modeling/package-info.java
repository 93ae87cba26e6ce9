/**
 * The process analysts' workspace (docs/user-guide-process-analyst.md): models change
 * through drafts that are validated on the server, reviewed by a second analyst and
 * published as new versions of the engine's models. A model is code, so this package
 * never deploys anything itself: it asks {@link io.patchflow.modeling.ModelEngine}, after
 * {@link io.patchflow.modeling.ModelValidator} found nothing and a second analyst
 * approved.
 */
package io.patchflow.modeling;
