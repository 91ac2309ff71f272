// Which path a connected call actually takes, read from WebRTC stats: direct or through the relay,
// and over UDP, TCP or TLS. Data only: the connection details (client/ui) word it.

export interface Route {
  via: 'direct' | 'relay';
  /** Transport between this browser and the first hop (the peer, or the relay). */
  protocol: 'udp' | 'tcp' | 'tls';
}

type Stat = Record<string, unknown> & { id: string; type: string };

export async function selectedRoute(pc: RTCPeerConnection): Promise<Route | null> {
  const stats = new Map<string, Stat>();
  (await pc.getStats()).forEach((s: Stat) => stats.set(s.id, s));
  let pair: Stat | undefined;
  for (const s of stats.values()) {
    // Chrome and Safari name the pair on the transport; Firefox flags it `selected`.
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pair = stats.get(s.selectedCandidatePairId);
  }
  pair ??= [...stats.values()].find(
    (s) => s.type === 'candidate-pair' && (s.selected === true || (s.nominated === true && s.state === 'succeeded')),
  );
  const local = pair && stats.get(pair.localCandidateId as string);
  if (!local) return null;
  if (local.candidateType === 'relay') {
    const rp = String(local.relayProtocol ?? local.protocol ?? 'udp').toLowerCase();
    return { via: 'relay', protocol: rp === 'tls' ? 'tls' : rp === 'tcp' ? 'tcp' : 'udp' };
  }
  return { via: 'direct', protocol: String(local.protocol).toLowerCase() === 'tcp' ? 'tcp' : 'udp' };
}
