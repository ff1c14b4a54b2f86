// Hover text for ptp4l.cfg options: what each option does and when to change it (facts from linuxptp, wording our own).

export const ptp4lDescriptions: Readonly<Record<string, string>> = {
  allowedLostResponses:
    'How many peer delay responses may be missed, or arrive duplicated, before a P2P port loses asCapable in gPTP. Raise it on links to a busy or slow-answering peer so the port does not keep dropping out of synchronization.',
  announceReceiptTimeout:
    'Number of Announce intervals that may pass without hearing from the current master before the port gives up on it and reruns master selection. Larger values ride out lost packets on congested networks; smaller values fail over to a backup grandmaster sooner.',
  asCapable:
    'Whether a port must pass the IEEE 802.1AS neighbor checks (peer delay limits, lost responses, rate ratio) before taking part in gPTP. `auto` starts the port as not capable until the checks succeed; `true` skips them, which static automotive setups with `BMCA noop` rely on.',
  assume_two_step:
    'When enabled, one-step Sync messages received from the network are handled as if they were two-step, so a Follow_Up is awaited. It works around 802.1AS switches that leave the two-step flag clear yet still send Follow_Up; the gPTP example configs turn it on.',
  BMCA:
    'How port roles are decided. `ptp` runs the normal best master clock algorithm state machines; `noop` skips them, so roles come only from clientOnly and serverOnly (slaveOnly and masterOnly in 3.1.1), which speeds up start-up when the grandmaster is known in advance, as in automotive gPTP.',
  boundary_clock_jbod:
    'Lets a multi-port boundary clock use ports whose NICs each have their own hardware clock, instead of refusing to start. Turn it on only when another program, typically `phc2sys -a`, keeps those separate PTP hardware clocks aligned with each other.',
  check_fup_sync:
    'Adds a check, based on kernel software receive timestamps, that each Sync really arrived before its matching Follow_Up. Sequence IDs normally make reordering harmless, so enable this only when the master\'s sequence numbering cannot be trusted.',
  clientOnly:
    'Makes the whole clock client-only: it never becomes master or grandmaster and only follows others, like the `-s` command-line switch. Enable it on end stations that must never serve time; 3.1.1 calls the equivalent option slaveOnly.',
  clock_class_threshold:
    'Announce messages whose grandmaster clockClass is numerically higher than this value are ignored, so the clock will not follow a poorer-quality source. Telecom deployments lower it so that only grandmasters that are traceable, or in holdover within specification, are accepted.',
  clock_servo:
    'Algorithm that steers the local clock. `pi` is a proportional-integral controller, `linreg` an adaptive linear-regression servo, and `nullf` holds the frequency offset at zero for SyncE-locked nodes, while `ntpshm` and `refclock_sock` only hand offsets to an NTP daemon (SHM or chrony SOCK refclock) that adjusts the clock itself.',
  clock_type:
    'Kind of PTP clock ptp4l acts as: `OC` ordinary clock, `BC` boundary clock, `P2P_TC` peer-to-peer transparent clock, or `E2E_TC` end-to-end transparent clock. An ordinary clock given several ports is promoted to a boundary clock on its own; choose a transparent clock type for switch-like forwarding.',
  clockAccuracy:
    'Accuracy code this clock advertises as grandmaster, compared by the BMCA after clockClass; lower is better. Codes follow IEEE 1588: 0x20 means within 25 ns, 0x21 within 100 ns, and so on up to 0x31, while 0xFE means unknown; set it on a GNSS-locked grandmaster.',
  clockClass:
    'Traceability class advertised when this clock is grandmaster, compared by the BMCA right after priority1; lower is better. 6 means locked to a primary reference such as GNSS, 7 is holdover, 248 is an ordinary free-running clock, and 255 marks a client-only clock.',
  clockIdentity:
    'The 8-byte EUI-64 identity of this clock, written in hex as `xxxxxx.xxxx.xxxxxx`. Leaving it all zeros lets ptp4l derive one from the interface MAC address; set it explicitly only when a fixed, network-unique identity is needed.',
  dataset_comparison:
    'Which dataset comparison the BMCA uses: `ieee1588` is the standard 1588 ordering starting with priority1, while `G.8275.x` is the ITU-T telecom variant that skips priority1 and adds localPriority as a tie-breaker. Choose `G.8275.x` for the G.8275.1 and G.8275.2 profiles.',
  delay_filter:
    'Filter applied to measured path delay and peer delay before they are used: `moving_median` rejects occasional spikes, `moving_average` smooths steady fluctuation. The median copes better with outliers from congested switches; an average can suit links with small, continuous jitter.',
  delay_filter_length:
    'Number of recent delay measurements, in samples, that the delay filter works over. A longer window gives a steadier delay estimate but follows genuine path changes more slowly; shorten it when the path delay really varies, lengthen it on noisy links.',
  delay_mechanism:
    'How path delay is measured. `E2E` exchanges Delay_Req/Delay_Resp with the master, `P2P` measures each link with Pdelay messages (needed by gPTP and P2P transparent clocks), `Auto` begins with E2E and moves to P2P once a Pdelay_Req arrives, and `NONE` measures nothing.',
  delay_response_timeout:
    'How many delay request intervals in a row a client port tolerates without a Delay_Resp before it raises a synchronization fault and resets its delay estimate. Zero turns the check off; set a small value where a silent master must be noticed quickly.',
  delayAsymmetry:
    'Known path asymmetry to correct, in nanoseconds, for links whose two directions differ in length or speed. Use a positive value when the master-to-client direction is slower, negative when the opposite direction is slower; measure it against a reference before setting it.',
  domainNumber:
    'PTP domain this clock belongs to; only messages carrying the same domain number are processed. Separate domains let independent timing networks share one wire, and profiles fix it: G.8275.1 uses 24, G.8275.2 uses 44, gPTP uses 0.',
  dscp_event:
    'DSCP value written into the IP header of PTP event messages (Sync, Delay_Req, Pdelay), so routers can queue them with priority. Only matters with UDP transports; AES67 audio networks use 46 (EF) and RAVENNA uses 48 (CS6).',
  dscp_general:
    'DSCP value written into the IP header of PTP general messages (Announce, Follow_Up, Delay_Resp, management), so routers can classify them. Only matters with UDP transports; AES67 recommends 34 (AF41) and RAVENNA 46 (EF).',
  egressLatency:
    'Delay, in nanoseconds, from the point where the hardware takes a transmit timestamp to the moment the frame really leaves at the reference plane; it is added to egress timestamps. Take it from NIC or PHY characterization, together with ingressLatency, to remove a constant offset.',
  fault_badpeernet_interval:
    'How long, in seconds, a port stays disabled after ptp4l detects a misconfigured peer network, such as several devices answering one peer delay request. The keyword `ASAP` clears the fault at once; shorten the wait in labs where the topology is fixed quickly.',
  fault_reset_interval:
    'Wait before a faulty port is reset and retried, in log2 seconds (4 means 16 s). `ASAP` or -128 retries at once, which helps when faults are brief, such as a link flap; raise it to avoid log floods from a port that stays broken.',
  first_step_threshold:
    'Offset limit, in seconds, for the very first clock correction: a larger initial offset makes the servo step the clock instead of slewing it. Zero rules out that initial step; raise the limit if a slow slew at start-up is preferred over a jump.',
  follow_up_info:
    'Appends the IEEE 802.1AS Follow_Up information TLV, which carries the cumulative rate ratio, to every Follow_Up message sent. gPTP requires it, so set it to 1 alongside the other 802.1AS options; plain 1588 profiles leave it off.',
  free_running:
    'Keeps ptp4l from adjusting the local clock at all, while it still runs the protocol, measures offsets and reports statistics. Use it to watch how far a clock drifts from the master, or when another program owns the clock.',
  freq_est_interval:
    'Interval, in log2 seconds, over which ptp4l estimates the frequency ratio between its clock and the peer\'s (the neighbor rate ratio of P2P and gPTP) and, in free-running mode, the master rate ratio. Longer intervals give smoother estimates but react later.',
  'G.8275.defaultDS.localPriority':
    'Local priority of this clock in the G.8275.x alternate BMCA, a tie-breaker after clockClass, clockAccuracy, offsetScaledLogVariance and priority2; lower wins. Only consulted with `dataset_comparison G.8275.x`; departing from the usual value can form timing loops, so plan the topology first.',
  'G.8275.portDS.localPriority':
    'Local priority given to Announce messages that arrive through this port in the G.8275.x alternate BMCA; lower wins when grandmaster quality and priority2 tie. Use it to prefer one uplink over another on telecom boundary clocks, keeping in mind that unusual values can form timing loops.',
  gmCapable:
    'Whether this clock may become grandmaster in an IEEE 802.1AS (gPTP) network. With 0, ptp4l also advertises clockClass 255, so the clock loses the best master choice against any capable clock; gPTP end stations that must never serve time set 0, and ptp4l refuses 0 together with clientOnly.',
  hwts_filter:
    'How ptp4l programs the NIC\'s receive timestamp filter. `normal` sets the filter it needs, `check` only verifies that something else, such as hwstamp_ctl, already configured it, and `full` timestamps every received packet so other applications sharing the NIC get timestamps too.',
  hybrid_e2e:
    'Sends Delay_Req as unicast to the master\'s address learned from its Announce messages while Sync stays multicast, and lets a master answer such requests with unicast Delay_Resp. Used by the enterprise profile and G.8275.2 to cut multicast load; it does nothing with P2P.',
  ignore_source_id:
    'Skips checking that Sync and Follow_Up messages come from the port identity of the selected master. Clients need it when Announce messages are switched off with `inhibit_announce`, as in static automotive setups, since they cannot otherwise learn who the master is.',
  ignore_transport_specific:
    'Accepts incoming messages whatever their transportSpecific value, instead of dropping those that differ from this port\'s own setting. Turn it on when mixing gPTP (value 1) and plain 1588 equipment, or when devices set the reserved bits of that field.',
  ingressLatency:
    'Delay, in nanoseconds, from the frame arriving at the reference plane to the point where the hardware takes its receive timestamp; it is subtracted from ingress timestamps. Take it from NIC or PHY characterization, together with egressLatency, to cancel constant timestamping offsets.',
  inhibit_announce:
    'Stops the port from sending Announce messages and from timing out when none arrive. Automotive gPTP profiles use it together with `BMCA noop` and fixed roles; the clients then also need `ignore_source_id`.',
  inhibit_delay_req:
    'Stops the port from sending Delay_Req or Pdelay_Req messages, so it measures no path delay. Requires `asCapable true`; meant for a statically configured master, as in the automotive profile, which has no use for delay toward its clients.',
  inhibit_multicast_service:
    'Suppresses all multicast transmission on the port, for unicast-only profiles such as G.8265.1 and G.8275.2 where no multicast PTP traffic may appear on the network. Use it together with unicast negotiation options.',
  initial_delay:
    'Path delay, in nanoseconds, assumed before the first real E2E or P2P measurement is available, so the clock can be corrected straight away. Zero makes ptp4l wait for a measured delay; a rough known value shortens start-up when delay requests are infrequent.',
  interface_rate_tlv:
    'Lets ports exchange the G.8275.2 Annex D interface rate TLV, so ptp4l can compensate the delay asymmetry that appears when master and client links run at different speeds, such as 1 Gb/s versus 10 Gb/s. Enable it in G.8275.2 networks with mixed link rates.',
  kernel_leap:
    'On a scheduled leap second, lets the kernel insert or delete it by stepping the system clock at midnight UTC, rather than having the servo slowly absorb a one-second offset. Only matters with software timestamping, where ptp4l steers the system clock directly.',
  leapfile:
    'Path to a leap-second list such as `/usr/share/zoneinfo/leap-seconds.list`, read again whenever it changes. It is used by ts2phc (and tz2alt in 4.2), not by ptp4l; without it those tools rely on the table built into linuxptp.',
  logAnnounceInterval:
    'Mean interval between Announce messages, in log2 seconds (0 is 1 s, -3 is 125 ms). Shorter intervals notice a lost grandmaster and rerun master selection sooner at the cost of more traffic; keep it identical across the domain, such as 0 for gPTP and -3 for G.8275.1.',
  logging_level:
    'Most verbose syslog severity that ptp4l emits, from 0 (emergency) to 7 (debug), the same as the `-l` switch. Raise it to 7 when troubleshooting state changes and timestamps; lower it to reduce log volume on production systems.',
  logMinDelayReqInterval:
    'Minimum mean interval between Delay_Req messages on E2E ports, in log2 seconds. Shorter intervals let the path delay estimate track changes faster but add load on the master; G.8275.1 uses -4, which is 16 requests per second.',
  logMinPdelayReqInterval:
    'Minimum mean interval between Pdelay_Req messages on P2P ports, in log2 seconds. It sets how often link delay and neighbor rate ratio are refreshed; gPTP uses 0 (once per second), and shorter values help on links whose delay varies.',
  logSyncInterval:
    'Mean interval between Sync messages sent by a master, in log2 seconds (-3 is 125 ms). More frequent Sync messages let clients track the master more closely and usually improve accuracy; gPTP uses -3 and G.8275.1 uses -4.',
  manufacturerIdentity:
    'IEEE OUI of the device maker, three bytes written as `xx:xx:xx`, reported in CLOCK_DESCRIPTION management responses. Set it when building a product around ptp4l; it has no effect on synchronization.',
  masterOnly:
    'Per-port flag that keeps the port out of the client (SLAVE) state and makes it ignore received Announce messages. In 3.1.1 it is the real option for telecom profiles such as G.8265.1 and G.8275.x; in 4.2 it is a deprecated alias of serverOnly.',
  max_frequency:
    'Upper bound, in ppb, on the frequency correction the servo may apply, on top of the hardware\'s own limit; zero leaves only the hardware limit. Lower it when downstream equipment, such as audio or radio gear, cannot tolerate fast frequency slewing.',
  maxStepsRemoved:
    'Announce messages whose stepsRemoved count has reached this value are left out of master selection. Lower it to bound how many boundary clock hops time may travel, or, with `tc_spanning_tree`, to stop announcements circulating through transparent clocks.',
  message_tag:
    'Text prefixed to every log line, where `{level}` is replaced by the numeric log level. Use it to tell apart the logs of several ptp4l instances sharing syslog, such as one per PTP domain or NIC.',
  min_neighbor_prop_delay:
    'Lower limit, in nanoseconds, on the measured peer delay; a smaller measurement makes the port lose asCapable in 802.1AS. Timestamp errors can yield slightly negative delays, so gPTP configs keep it well below zero, while a tighter bound catches broken or looped links.',
  msg_interval_request:
    'Once the servo reaches the locked-stable state (see `servo_offset_threshold`), asks the master through a Signaling message to switch to `operLogSyncInterval`, and moves the local Pdelay rate to `operLogPdelayReqInterval`. Automotive gPTP uses it to start with fast messages for quick lock and then slow down.',
  neighborPropDelayThresh:
    'Upper limit, in nanoseconds, on the measured peer delay; a larger measurement makes the port lose asCapable in 802.1AS. gPTP uses 800 for copper Ethernet links; raise it for long fibre runs or media converters that add delay.',
  net_sync_monitor:
    'Enables the NetSync Monitor protocol, letting a monitoring station send this node unicast delay requests and get Sync, Follow_Up and Delay_Resp replies that show how well it is synchronized. Requires `hybrid_e2e`; enable it only when such a monitor is deployed.',
  network_transport:
    'Transport for PTP messages: `L2` sends raw Ethernet frames (used by gPTP and G.8275.1), while `UDPv4` and `UDPv6` use UDP ports 319 and 320 over IP. Every clock on a link must use the same transport.',
  ntpshm_segment:
    'Number of the NTP shared-memory segment the `ntpshm` servo writes offsets to; it must match the SHM refclock unit configured in chronyd or ntpd. Use distinct numbers when several ptp4l or phc2sys instances feed the same NTP daemon.',
  offsetScaledLogVariance:
    'Stability estimate of the local oscillator, in the scaled log-variance encoding of IEEE 1588, advertised as grandmaster and compared by the BMCA after clockAccuracy; lower means more stable. Set it on a grandmaster whose oscillator quality is known, such as a rubidium or OCXO reference.',
  operLogPdelayReqInterval:
    'Pdelay_Req interval, in log2 seconds, that the port switches to once the servo is locked stable and `msg_interval_request` is on. Automotive gPTP starts fast for quick lock and then relaxes to a slower rate, such as 2 (every 4 s), to save bandwidth.',
  operLogSyncInterval:
    'Sync interval, in log2 seconds, that a client asks its master to use, through a Signaling message interval request, once the servo is locked stable and `msg_interval_request` is on. Automotive gPTP clients use it to move from a fast start-up rate to a calmer one, such as 0.',
  p2p_dst_mac:
    'Destination MAC address for peer delay messages on the L2 transport. The standard value is a link-local address that bridges never forward, which is exactly what per-link delay measurement needs; change it only for nonstandard equipment.',
  path_trace_enabled:
    'Appends the Path Trace TLV to Announce messages, listing the clock identities each Announce has passed through, so loops and the route to the grandmaster can be detected. IEEE 802.1AS requires it; gPTP configs set it to 1.',
  phc_index:
    'Index N of the PTP hardware clock `/dev/ptpN` used for hardware timestamping, overriding the clock tied to the interface. Set it to select a virtual clock created through `n_vclocks`, so several ptp4l instances in different domains can share one free-running NIC clock.',
  pi_integral_const:
    'Integral gain ki of the PI servo, unitless. Zero derives ki from the sync interval s in seconds as `min(pi_integral_scale * s^pi_integral_exponent, pi_integral_norm_max / s)`; a fixed value overrides that when hand-tuning how fast accumulated frequency error is removed.',
  pi_integral_exponent:
    'Exponent applied to the sync interval, in seconds, when the integral gain is derived automatically (see `pi_integral_const`); unitless. Change it only when deliberately retuning how the integral gain scales with faster or slower Sync rates.',
  pi_integral_norm_max:
    'Cap on the automatically derived integral gain, expressed as ki multiplied by the sync interval in seconds; unitless. It keeps the servo stable at long sync intervals; lower it if the clock oscillates after locking.',
  pi_integral_scale:
    'Scale factor for the automatically derived integral gain (see `pi_integral_const`); unitless. Zero picks 0.3 with hardware timestamps and 0.001 with software ones; raise it for faster frequency convergence, lower it for smoother, noise-tolerant tracking.',
  pi_proportional_const:
    'Proportional gain kp of the PI servo, unitless. Zero derives kp from the sync interval s in seconds as `min(pi_proportional_scale * s^pi_proportional_exponent, pi_proportional_norm_max / s)`; a fixed value overrides that when hand-tuning how strongly each measured offset is corrected.',
  pi_proportional_exponent:
    'Exponent applied to the sync interval, in seconds, when the proportional gain is derived automatically (see `pi_proportional_const`); unitless. Change it only when deliberately retuning how the proportional gain scales with the Sync rate.',
  pi_proportional_norm_max:
    'Cap on the automatically derived proportional gain, expressed as kp multiplied by the sync interval in seconds; unitless. Lower it if the clock overshoots or rings at long sync intervals.',
  pi_proportional_scale:
    'Scale factor for the automatically derived proportional gain (see `pi_proportional_const`); unitless. Zero picks 0.7 with hardware timestamps and 0.1 with software ones; raise it to correct offsets more aggressively, lower it to filter timestamp noise.',
  'power_profile.2011.grandmasterTimeInaccuracy':
    'Grandmaster time inaccuracy, in nanoseconds, carried in the IEEE C37.238-2011 power profile TLV of Announce messages; -1 stands for unknown. Only used when `power_profile.version` is 2011, and adjustable at run time with the POWER_PROFILE_SETTINGS_NP management message.',
  'power_profile.2011.networkTimeInaccuracy':
    'Worst-case inaccuracy added by the network, in nanoseconds, carried in the IEEE C37.238-2011 power profile TLV of Announce messages; -1 stands for unknown. Only used when `power_profile.version` is 2011, and adjustable at run time with POWER_PROFILE_SETTINGS_NP.',
  'power_profile.2017.totalTimeInaccuracy':
    'Combined inaccuracy of the grandmaster, the network and this node, in nanoseconds, carried in the IEEE C37.238-2017 power profile TLV; -1 stands for unknown. Only used when `power_profile.version` is 2017, and adjustable at run time with POWER_PROFILE_SETTINGS_NP.',
  'power_profile.grandmasterID':
    'Grandmaster identification code sent in the IEEE C37.238 power profile TLV, a 16-bit number assigned by the operator and unrelated to clockIdentity; 0 means unused. It can also be changed at run time with POWER_PROFILE_SETTINGS_NP.',
  'power_profile.version':
    'Which IEEE C37.238 power profile TLV, if any, is appended to Announce messages: `none`, `2011` or `2017`. Set it in substation and power-grid deployments that follow that profile; the matching inaccuracy options fill in the TLV.',
  priority1:
    'First field compared by the standard 1588 BMCA, ahead of clock quality; lower values win. Give the intended grandmaster a low value to force its selection, or a high one such as 248 or 255 to keep a device from winning; the G.8275.x comparison ignores it.',
  priority2:
    'BMCA tie-breaker compared after clockClass, clockAccuracy and offsetScaledLogVariance; lower values win. Use it to choose between otherwise equal grandmasters, such as a primary and a backup with identical GNSS receivers.',
  productDescription:
    'Product description reported in CLOCK_DESCRIPTION management responses, written as `manufacturerName;modelNumber;instanceIdentifier` with at most 64 UTF-8 characters. Purely informational; set it to identify the device in management tools.',
  ptp_dst_mac:
    'Destination MAC address for all PTP messages other than peer delay ones on the L2 transport. The 1588 address is forwarded by bridges; gPTP and many G.8275.1 setups use the non-forwardable `01:80:C2:00:00:0E` instead so messages stay on one link.',
  ptp_minor_version:
    'PTP minor version written into the header of sent messages: 1 for IEEE 1588-2019, 0 for IEEE 1588-2008. Set it to 0 when older devices reject messages that claim version 2.1.',
  refclock_sock_address:
    'Path of chronyd\'s SOCK refclock socket, to which the `refclock_sock` servo sends offset samples. It must match the `refclock SOCK` line in chrony.conf; change it when several ptp4l instances or a nonstandard chrony layout are involved.',
  revisionData:
    'Hardware, firmware and software revisions reported in management responses, written as `HW;FW;SW` with at most 32 UTF-8 characters. Purely informational; fill it in when shipping ptp4l inside a product.',
  sanity_freq_limit:
    'Largest frequency offset, in ppb, accepted between the clock before correction and the monotonic system clock; beyond it ptp4l warns and resets the servo, and it also warns when another process changes the clock frequency behind its back. Zero turns the check off, as happens automatically with the ntpshm servo.',
  serverOnly:
    'Keeps this port from ever entering the client state and makes the clock ignore Announce messages arriving on it. Use it on ports that must only serve time, such as telecom G.8265.1 or G.8275.x master ports or the grandmaster in static automotive gPTP; it replaces masterOnly.',
  servo_num_offset_values:
    'Number of consecutive offsets that must all stay below `servo_offset_threshold` before the servo moves from locked to locked-stable. That transition is what triggers `msg_interval_request`; a larger count demands longer proof of stability.',
  servo_offset_threshold:
    'Offset, in nanoseconds, that recent measurements must stay below for the servo to count as locked stable; zero disables the locked-stable state. Set it, for instance to 30, when using `msg_interval_request` to slow messages down after lock.',
  slave_event_monitor:
    'Path of a UNIX domain socket to which ptp4l pushes per-message timing data (SLAVE_RX_SYNC_TIMING_DATA and SLAVE_DELAY_TIMING_DATA_NP TLVs) for a local monitoring client. Set it when a tool needs to record raw client timing; an empty value sends nothing.',
  slaveOnly:
    'Makes the whole clock client-only so it never becomes master. In 3.1.1 this is the real option, equivalent to `-s`; in 4.2 it is a deprecated alias of clientOnly, so new configs should use that name instead.',
  socket_priority:
    'Linux SO_PRIORITY set on ptp4l\'s sockets, which qdiscs such as mqprio or taprio can map to a traffic class or VLAN PCP. Use it in TSN setups to put PTP into a protected queue; it only takes effect with the L2 transport.',
  step_threshold:
    'Offset, in seconds, above which the servo steps the clock instead of slewing its frequency (or phase with nullf) after start-up; with zero, only the start-up step governed by `first_step_threshold` can happen. Set a value such as 1 on clients that must recover quickly from large jumps.',
  step_window:
    'How many Sync messages to let pass, after the clock has been stepped, before the servo adjusts frequency or phase again. Use it on hardware where a step takes effect late, giving timestamps time to settle before the servo reacts.',
  summary_interval:
    'Interval, in log2 seconds, at which ptp4l logs summary statistics: offset RMS and maximum in nanoseconds, frequency mean and deviation in ppb, and path delay. Raise it, for instance to 6 (64 s), to keep logs small with fast Sync rates.',
  syncReceiptTimeout:
    'Number of Sync intervals that may pass without Sync or Follow_Up from the master before master selection is rerun, as IEEE 802.1AS requires. gPTP sets it to 3; zero disables the check, which is normal for 1588 profiles that rely on Announce timeouts.',
  tc_spanning_tree:
    'Makes a transparent clock increment stepsRemoved in the Announce messages it forwards. When every switch does this and the BMCA applies `maxStepsRemoved`, PTP messages cannot circulate in loops.',
  time_stamping:
    'Timestamping method: `hardware` uses the NIC\'s PTP clock, `software` uses kernel timestamps, `legacy` relies on the old SYS_HARDWARE kernel interface, `onestep` adds one-step Sync transmission, and `p2p1step` also answers Pdelay requests one-step. One-step modes need NIC support and save Follow_Up traffic.',
  timeSource:
    'Code advertised as grandmaster describing where its time comes from, such as 0x10 atomic clock, 0x20 GNSS, 0x40 PTP, 0x50 NTP or 0xA0 internal oscillator. Informational only; it does not influence master selection.',
  transportSpecific:
    'Value of the transportSpecific (majorSdoId) nibble written in every message header; incoming messages with another value are dropped unless `ignore_transport_specific` is set. gPTP (IEEE 802.1AS) uses 1; plain 1588 profiles use 0.',
  'ts2phc.channel':
    'Used by ts2phc, not ptp4l: the external timestamp channel of a PHC acting as PPS sink, or the periodic output channel when it is the PPS source. Change it when the board routes the PPS signal to a channel other than the first.',
  'ts2phc.extts_correction':
    'Used by ts2phc: a constant, in nanoseconds, added to every PPS timestamp captured by this sink. Set it to compensate cable length or signal path delay between the PPS source and the NIC pin.',
  'ts2phc.extts_polarity':
    'Used by ts2phc: which edge of the external PPS signal is timestamped, `rising` or `falling`. Choose `both` for devices that always timestamp both edges; ts2phc then discards the unwanted one using `ts2phc.pulsewidth`.',
  'ts2phc.master':
    'Used by ts2phc: when 1, this PHC device acts as the PPS source that drives the other devices rather than as a time sink. Needed when one NIC clock, itself synchronized by ptp4l, distributes time to others over PPS wires.',
  'ts2phc.nmea_baudrate':
    'Used by ts2phc: serial line speed, in bits per second, for the port carrying NMEA time-of-day sentences from a GNSS receiver. Match whatever rate the receiver is configured to send at.',
  'ts2phc.nmea_remote_host':
    'Used by ts2phc: host name or address of a TCP service providing NMEA time-of-day sentences for the `nmea` PPS source. When this and `ts2phc.nmea_remote_port` are both set, the network connection is preferred over the serial port.',
  'ts2phc.nmea_remote_port':
    'Used by ts2phc: TCP port number or service name of the remote NMEA time-of-day source named by `ts2phc.nmea_remote_host`. Both must be set for the network connection to replace the serial port.',
  'ts2phc.nmea_serialport':
    'Used by ts2phc: serial device, such as `/dev/ttyUSB0`, from which NMEA RMC sentences giving the time of day are read for the `nmea` PPS source. Ignored when a remote host and port are configured.',
  'ts2phc.perout_phase':
    'Used by ts2phc when a PHC is the PPS source: offset, in nanoseconds, of the output pulse from the start of each second, passed to the kernel as the periodic output phase. Set it, even to 0, for drivers lacking support for an absolute start time.',
  'ts2phc.pin_index':
    'Used by ts2phc: which programmable pin of the PHC is set up for the external timestamp input or periodic output. Check the NIC documentation or `/sys/class/ptp/ptpN/pins` to find the pin wired to the SMA or PPS connector.',
  'ts2phc.pulsewidth':
    'Used by ts2phc: width of the PPS pulse, in nanoseconds. With `ts2phc.extts_polarity both` it lets ts2phc recognize and drop timestamps of the unwanted edge, and a PHC source is asked to emit pulses of this width.',
  'ts2phc.tod_source':
    'Used by ts2phc: where time of day comes from. `generic` means a plain 1-PPS without time-of-day data, `nmea` a GNSS receiver sending RMC sentences, and a PHC device or interface name, such as `/dev/ptp0` or `eth0`, uses that clock as the source.',
  tsproc_mode:
    'How timestamps become offset and delay. `filter` uses the filtered delay, `raw` uses each fresh delay measurement, and the `_weight` variants also weight samples by how the fresh delay compares with the filtered one. Raw modes suit equal Sync and delay request rates; weighting helps with heavy jitter such as software timestamps.',
  twoStepFlag:
    'Whether Sync messages are sent two-step, with the precise transmit time in a separate Follow_Up, or one-step with it inside the Sync itself. One-step needs hardware support; clearing it with hardware timestamping switches `time_stamping` to `onestep`.',
  tx_timestamp_timeout:
    'How long, in milliseconds, ptp4l waits for the kernel to return the transmit timestamp of a sent message. Raise it, for instance to 50 or 100, when the log reports timeouts polling for tx timestamps on slow drivers or loaded systems.',
  udp_ttl:
    'IPv4 TTL or IPv6 hop limit of multicast PTP messages sent over UDP. Keep it at one hop so PTP stays on the local subnet; raise it only when PTP multicast must cross routers, which usually hurts accuracy.',
  udp6_scope:
    'Scope nibble of the IPv6 multicast address used for PTP, as in RFC 4291: 0x2 link-local, 0x5 site-local, 0x8 organization-local, 0xE global. Only relevant for UDPv6; pick the narrowest scope that still reaches all clocks.',
  uds_address:
    'Path of the UNIX domain socket on which ptp4l accepts local management messages from pmc and phc2sys. Change it when running several ptp4l instances on one host, and point pmc (`-s`) and phc2sys (`-z`) at the same path.',
  uds_file_mode:
    'Permission bits, written in octal with a leading 0, of the read-write management socket. Adjust them to control which local users can query and reconfigure ptp4l with pmc.',
  uds_ro_address:
    'Path of a second management socket that accepts only GET queries and never relays them onto the PTP ports. Hand it to untrusted monitoring tools so they can read clock state without being able to change it.',
  uds_ro_file_mode:
    'Permission bits, written in octal with a leading 0, of the read-only management socket. Usually left open to all users so unprivileged monitoring tools can read clock state.',
  unicast_listen:
    'Lets the port grant unicast transmission contracts requested by clients, making it a unicast master as in G.8265.1 and G.8275.2. Requests are accepted as long as memory allows, so enable it only where the clients are trusted.',
  unicast_master_table:
    'ID of the `[unicast_master_table]` section whose entries (transport and address of candidate masters) this port uses for unicast negotiation. Zero disables unicast discovery; set it on clients in unicast profiles such as G.8265.1 or G.8275.2.',
  unicast_req_duration:
    'Lifetime, in seconds, of the unicast contracts this client requests; they are renewed before expiry, and the master may grant a different duration. G.8275.2 configs use 60; shorter values mean more frequent renegotiation traffic.',
  use_syslog:
    'Whether ptp4l writes its log messages to syslog. Turn it off, like `-q`, when running under a supervisor that captures standard output, usually together with `verbose 1`.',
  userDescription:
    'Free-form `name;location` string of at most 128 UTF-8 characters, reported through management messages. Set it to tell clocks apart in pmc output, for instance by rack or site.',
  utc_offset:
    'TAI minus UTC, in seconds, that this clock announces as grandmaster and uses when converting between PTP and UTC time. Update it after each new leap second if the grandmaster has no better source of this value.',
  verbose:
    'Whether ptp4l prints its messages to standard output, like the `-m` switch. Enable it when running in the foreground, in a container, or with output captured by the systemd journal.',
  write_phase_mode:
    'Uses the PHC\'s write-phase (ADJ_OFFSET) capability, so the servo hands phase corrections to the hardware instead of steering its frequency. Enable it only on NICs whose driver supports it; otherwise ptp4l refuses to start.',
};
