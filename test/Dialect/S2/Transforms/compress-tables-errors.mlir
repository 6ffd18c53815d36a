// RUN: spnc-opt %s -split-input-file -verify-diagnostics --s2-compress-tables

func.func private @f()
// expected-error @+1 {{s2-compress-tables needs routing tables; run s2-route first}}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  // expected-error @+1 {{the routing table is already compressed}}
  s2.routing_table chip 0 compressed from 1 entries {
    s2.route key 0x00000000 mask 0xfff80000 from ["local"] to pes ["2.1.0"] links []
  }
}
