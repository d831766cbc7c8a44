global using FitnessAssistant.ServiceDefaults;
