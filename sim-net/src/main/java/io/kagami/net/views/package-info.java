/**
 * What operators type on the twin and what they see: {@code ip netns}, {@code ip netns exec ... ip addr},
 * {@code ovs-vsctl show}, {@code ovs-ofctl dump-flows}, {@code openstack network agent list --router R --long}
 * and keepalived's syslog lines (DOMAIN.md section 6), rendered from snapshots taken at a virtual time.
 * Start at {@link io.kagami.net.views.Views}.
 */
package io.kagami.net.views;
