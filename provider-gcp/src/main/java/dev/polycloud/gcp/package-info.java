/**
 * The gcp provider of Polycloud. Its drivers arrive with the gcp provider issue; until then the
 * module only reserves its coordinates and package.
 */
package dev.polycloud.gcp;
