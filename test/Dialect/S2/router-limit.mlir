// A compressed table must fit its router. The real router holds 16,384
// entries; this test shrinks it to 2 through a modified target description.
// RUN: sed 's/"entries": {"value": 16384/"entries": {"value": 2/' %S/../../../spinnaker2-target/description/spinnaker2.json > %t.json
// RUN: env SPNC_TARGET_DESCRIPTION=%t.json spnc-opt %s -split-input-file -verify-diagnostics

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{has 3 entries but the router of chip 0 holds 2}}
  s2.routing_table chip 0 compressed from 3 entries {
    s2.route key 0 mask 0xffffff00 from ["local"] to pes ["2.1.0"] links []
    s2.route key 0x100 mask 0xffffff00 from ["local"] to pes ["2.1.1"] links []
    s2.route key 0x200 mask 0xffffff00 from ["local"] to pes ["2.1.2"] links []
  }
}

// -----

// Before compression a table may be larger than the router.
func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    s2.route key 0 mask 0xffffff00 from ["local"] to pes ["2.1.0"] links []
    s2.route key 0x100 mask 0xffffff00 from ["local"] to pes ["2.1.1"] links []
    s2.route key 0x200 mask 0xffffff00 from ["local"] to pes ["2.1.2"] links []
  }
}
