/**
 * Netfilter as a router namespace runs it: connection tracking ({@link io.kagami.net.netfilter.Conntrack}),
 * iptables rules as data ({@link io.kagami.net.netfilter.Rule}, {@link io.kagami.net.netfilter.Table}),
 * the rules Neutron's L3 agent writes ({@link io.kagami.net.netfilter.NeutronRouterRules}), and the hooks
 * that tie them together ({@link io.kagami.net.netfilter.Netfilter}). DOMAIN.md section 5.
 */
package io.kagami.net.netfilter;
