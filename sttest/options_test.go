package sttest

import (
	"testing"
	"time"
)

func TestOptionDefaults(t *testing.T) {
	c := defaultConfig()
	if c.tokenTTL != 900*time.Second || c.records != DefaultRecords || c.seed != 0 || c.exportBatch != 10 || c.history != 10_000 || c.historyBytes != 64<<20 || !c.validate ||
		c.clientID != DefaultClientID || c.clientSecret != DefaultClientSecret || c.appKey != DefaultAppKey {
		t.Errorf("defaults %+v", c)
	}
}

func TestOptionsApply(t *testing.T) {
	c := defaultConfig()
	now := func() time.Time { return time.Unix(0, 0) }
	for _, o := range []Option{
		WithCredentials("a", "b", "c"), WithTokenTTL(time.Minute), WithRecords(0), WithSeed(9), WithExportBatch(3),
		WithClock(now), WithHistory(0), WithHistoryBytes(0), WithoutRequestValidation(),
		WithRateLimit(4), WithLatency(time.Second), WithFault(Fault{Status: 500}, Fault{Drop: true}),
	} {
		o(&c)
	}
	if c.clientID != "a" || c.clientSecret != "b" || c.appKey != "c" || c.tokenTTL != time.Minute || c.records != 0 || c.seed != 9 ||
		c.exportBatch != 3 || !c.now().Equal(time.Unix(0, 0)) || c.history != 0 || c.historyBytes != 0 || c.validate {
		t.Errorf("config %+v", c)
	}
	if len(c.faults) != 4 || c.faults[0].RateLimit != 4 || c.faults[1].Latency != time.Second || c.faults[2].Status != 500 || !c.faults[3].Drop {
		t.Errorf("faults %+v", c.faults)
	}
}

func TestOptionsIgnoreNonsense(t *testing.T) {
	c := defaultConfig()
	for _, o := range []Option{WithCredentials("", "", ""), WithTokenTTL(-time.Second), WithRecords(-1), WithExportBatch(0), WithClock(nil), WithHistory(-5), WithHistoryBytes(-5)} {
		o(&c)
	}
	d := defaultConfig()
	if c.clientID != d.clientID || c.tokenTTL != d.tokenTTL || c.records != d.records || c.exportBatch != d.exportBatch || c.now == nil || c.history != d.history || c.historyBytes != d.historyBytes {
		t.Errorf("nonsense changed the config: %+v", c)
	}
}
